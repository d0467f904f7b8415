// One Lambda sandbox: loads a synthesized bundle as the Node.js 22 runtime does (ESM, `handler`
// export, cwd = the bundle's folder) and serves invocations from the parent over IPC.
import { randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [bundle, exportName = 'handler'] = process.argv.slice(2);

// With active tracing Lambda sets this for the X-Ray SDK: a segment missing is logged, not thrown.
process.env.AWS_XRAY_CONTEXT_MISSING ??= 'LOG_ERROR';

/** The X-Ray trace header Lambda gives each invocation, sampled; the daemon it reports to is absent. */
function traceHeader(nowMs) {
  const time = Math.floor(nowMs / 1000).toString(16).padStart(8, '0');
  return `Root=1-${time}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
}

function context(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${name}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

let handler;
try {
  handler = (await import(pathToFileURL(bundle).href))[exportName];
  if (typeof handler !== 'function') throw new Error(`the bundle exports no function ${exportName}`);
  process.send({ type: 'ready' });
} catch (error) {
  process.send({ type: 'init-error', errorType: error?.name ?? 'Error', errorMessage: String(error?.message ?? error) });
  process.exit(1);
}

process.on('message', async (message) => {
  if (message.type !== 'invoke') return;
  globalThis.__localRuntimeSetTime(message.now);
  process.env._X_AMZN_TRACE_ID = traceHeader(message.now);
  try {
    const result = await handler(message.event, context(message.timeoutMs));
    process.send({ type: 'result', id: message.id, result: result === undefined ? null : result });
  } catch (error) {
    process.send({ type: 'error', id: message.id, errorType: error?.name ?? 'Error', errorMessage: String(error?.message ?? error) });
  }
});
