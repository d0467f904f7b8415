import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countNoticeSent, countSubmission, createMetrics, metrics as sharedMetrics } from '../../functions/adapters/metrics.js';
import { httpHandler } from '../../functions/http/handler.js';
import { taskHandler } from '../../functions/lambda/task.js';
import { PermanentError } from '../../functions/workflow/task-input.js';
import { captured, emfIn } from './captured-output.js';

const context = (awsRequestId: string) =>
  ({
    awsRequestId,
    functionName: 'Act',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:Act',
    memoryLimitInMB: '512',
    getRemainingTimeInMillis: () => 29_000,
  }) as unknown as Context;

/** The stack's tools with every step recorded, in the order they happen. */
function recordedTools() {
  const steps: string[] = [];
  const logger = new Logger({ serviceName: 'prestatiecyclus', logLevel: 'INFO' });
  const metrics = createMetrics(logger);
  const addContext = logger.addContext.bind(logger);
  vi.spyOn(logger, 'addContext').mockImplementation((c) => (steps.push('logger: context'), addContext(c)));
  const clearBuffer = logger.clearBuffer.bind(logger);
  vi.spyOn(logger, 'clearBuffer').mockImplementation(() => (steps.push('logger: done'), clearBuffer()));
  const publish = metrics.publishStoredMetrics.bind(metrics);
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => (steps.push('metrics: flush'), publish()));
  return { steps, logger, metrics };
}

beforeEach(() => vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false'));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the task stack', () => {
  it('gives the logger the Lambda context first, and flushes the metrics after the handler, inside that context', async () => {
    const { steps, logger, metrics } = recordedTools();
    const handler = taskHandler(async (event: { tenantId: string }) => {
      steps.push('handler');
      logger.info('notices', { code: 'NOTICES' });
      countNoticeSent(event, metrics);
      return { sent: 1 };
    }, { logger, metrics });
    let result: unknown;
    const lines = await captured(async () => (result = await handler({ tenantId: 'leusden' }, context('req-1'))));
    expect(result).toEqual({ sent: 1 });
    expect(steps).toEqual(['logger: context', 'handler', 'metrics: flush', 'logger: done']);
    const [log, emf] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log).toMatchObject({ message: 'notices', function_request_id: 'req-1', function_name: 'Act' });
    expect(emf).toMatchObject({ tenant: 'leusden', NoticesSent: 1, _aws: { CloudWatchMetrics: [{ Namespace: 'Prestatiecyclus' }] } });
    expect(lines).toHaveLength(2);
  });

  it('flushes what was counted when the handler throws, and hands its error to Step Functions unchanged', async () => {
    const { steps, logger, metrics } = recordedTools();
    const failure = new PermanentError('instance gone');
    const handler = taskHandler(async () => {
      countNoticeSent({ tenantId: 'leusden' }, metrics);
      throw failure;
    }, { logger, metrics });
    let thrown: unknown;
    const lines = await captured(() => handler({}, context('req-2')).catch((e: unknown) => (thrown = e)));
    // Step Functions retries and catches by the error's name.
    expect(thrown).toBe(failure);
    expect((thrown as Error).name).toBe('PermanentError');
    expect(steps).toEqual(['logger: context', 'metrics: flush', 'logger: done']);
    expect(emfIn(lines).map((e) => e.NoticesSent)).toEqual([1]);
  });

  it('prints nothing but the handler’s own log for an invocation that counted nothing', async () => {
    const { logger, metrics } = recordedTools();
    const handler = taskHandler(async () => ({ action: 'done' }), { logger, metrics });
    expect(await captured(() => handler({}, context('req-3')))).toEqual([]);
  });
});

describe('the HTTP stack', () => {
  it('flushes the metrics of a request that ends in a 500, once', async () => {
    const publish = vi.spyOn(sharedMetrics, 'publishStoredMetrics');
    const handler = httpHandler(async () => {
      countSubmission({ tenantId: 'leusden', late: false });
      throw new Error('store unavailable');
    }, 'json');
    const event = { rawPath: '/api/x', headers: {}, requestContext: { http: { method: 'GET' } } };
    let status: number | undefined;
    await captured(async () => (status = (await handler(event as never, context('req-4'))).statusCode));
    expect(status).toBe(500);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(sharedMetrics.hasStoredMetrics()).toBe(false);
  });
});
