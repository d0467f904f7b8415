import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { escapeXml, listen, parseJsonObject, readBody, sendJsonError, targetOperation, type LocalEndpoint } from './http.js';
import { principalOf, type CallRecorder } from './recorder.js';

/** What the proxy records: DynamoDB (JSON 1.0) or SES v1 (the AWS Query protocol). */
export type ProxiedService = 'dynamodb' | 'ses';

export interface RecordingProxyOptions {
  /** The real local service, e.g. DynamoDB Local or aws-ses-v2-local: `http://127.0.0.1:PORT`. */
  target: string;
  service: ProxiedService;
  recorder: CallRecorder;
  /** @default 0, a free port */
  port?: number;
  /** A fault to inject: when it names a refusal, the call is recorded and then refused with it (an outage). */
  fault?: () => Refusal | undefined;
}

// BatchWriteItem takes 16 MB; a raw mail of 10 MB grows by a third in base64 and again in the form.
const BODY_LIMIT = 40 * 1024 * 1024;

type Refusal = { status: number; code: string; message: string };
type Calls = { action: string; resources: string[] };

/**
 * Records each call, then forwards the request unchanged (same method, path, headers and body
 * bytes, so the signature still covers it) to `target` and pipes the answer back. A request the
 * proxy cannot attribute to a resource is answered here, in the service's error shape, and never
 * forwarded: nothing reaches the real service unrecorded.
 */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<LocalEndpoint> {
  const { service, recorder } = options;
  const target = new URL(options.target);
  const refuse = (res: ServerResponse, requestId: string, refusal: Refusal) =>
    service === 'dynamodb' ? dynamoError(res, requestId, refusal) : sesError(res, requestId, refusal);
  return listen(
    `${service}-proxy`,
    async (req, res, requestId) => {
      const principal = principalOf(req.headers.authorization);
      // JSON services name the error with an Exception suffix, Query services without.
      const missing = service === 'dynamodb' ? 'MissingAuthenticationTokenException' : 'MissingAuthenticationToken';
      if (!principal) return refuse(res, requestId, { status: 403, code: missing, message: 'Request is missing Authentication Token' });
      const body = await readBody(req, BODY_LIMIT);
      const calls = service === 'dynamodb' ? dynamoCalls(req, body, recorder) : sesCalls(req, body, recorder);
      if ('status' in calls) return refuse(res, requestId, calls);
      // One entry per action and resource of the request: three puts in one table need one grant.
      const seen = new Set<string>();
      for (const { action, resources } of calls) {
        const fresh = resources.filter((resource) => !seen.has(`${action} ${resource}`));
        for (const resource of fresh) seen.add(`${action} ${resource}`);
        recorder.record(principal, action, fresh);
      }
      const fault = options.fault?.();
      if (fault) return refuse(res, requestId, fault);
      await forward(req, body, target, res);
    },
    (res, requestId, error) =>
      refuse(res, requestId, error instanceof Error && error.name === 'BodyTooLarge'
        ? { status: 413, code: 'RequestEntityTooLarge', message: 'Request body too large' }
        : { status: 500, code: service === 'dynamodb' ? 'InternalServerError' : 'InternalFailure', message: 'The local proxy could not reach its target' }),
    options.port,
  );
}

function forward(req: IncomingMessage, body: Buffer, target: URL, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    // rawHeaders keeps the client's names, order and Host: DynamoDB Local and SES local check no signature, but see what was signed.
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.rawHeaders }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      answer.pipe(res);
      answer.on('end', resolve);
      answer.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function dynamoError(res: ServerResponse, requestId: string, refusal: Refusal): void {
  sendJsonError(res, requestId, '1.0', refusal.status, `com.amazonaws.dynamodb.v20120810#${refusal.code}`, refusal.message);
}

/** The IAM action behind each item of a transaction: DynamoDB has no TransactWriteItems action in IAM. */
const TRANSACT_ACTIONS: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };

/**
 * The IAM calls of one DynamoDB request. A table may be named by its ARN (the SDK allows it); a
 * Query or Scan of an index needs the index's ARN; an operation without a table (ListTables) is `*`.
 */
function dynamoCalls(req: IncomingMessage, body: Buffer, recorder: CallRecorder): Calls[] | Refusal {
  const operation = targetOperation(req, 'DynamoDB_20120810');
  if (req.method !== 'POST' || !operation) return { status: 400, code: 'UnknownOperationException', message: 'Unknown operation' };
  // DynamoDB Local answers an empty body with a 500 of its own; DynamoDB refuses it as unreadable.
  const input = body.length > 0 ? parseJsonObject(body) : undefined;
  if (!input) return { status: 400, code: 'SerializationException', message: 'Request body is not a JSON object' };
  const table = (name: unknown) => (typeof name !== 'string' ? undefined : name.startsWith('arn:') ? name : recorder.arn('dynamodb', `table/${name}`));
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const items = Array.isArray(input.TransactItems) ? (input.TransactItems as unknown[]) : [];
    const calls: Calls[] = [];
    for (const item of items) {
      for (const [kind, request] of Object.entries(item && typeof item === 'object' ? item : {})) {
        const arn = table((request as { TableName?: unknown } | null)?.TableName);
        const action = TRANSACT_ACTIONS[kind];
        if (arn && action) calls.push({ action: `dynamodb:${action}`, resources: [arn] });
      }
    }
    return calls.length ? calls : { status: 400, code: 'ValidationException', message: 'TransactItems names no table' };
  }
  if (operation === 'BatchWriteItem' || operation === 'BatchGetItem') {
    const tables = Object.keys(input.RequestItems && typeof input.RequestItems === 'object' ? input.RequestItems : {});
    if (!tables.length) return { status: 400, code: 'ValidationException', message: 'RequestItems names no table' };
    return [{ action: `dynamodb:${operation}`, resources: tables.map((name) => table(name)!) }];
  }
  const arn = table(input.TableName);
  const index = typeof input.IndexName === 'string' && arn ? `${arn}/index/${input.IndexName}` : undefined;
  return [{ action: `dynamodb:${operation}`, resources: [index ?? arn ?? '*'] }];
}

function sesError(res: ServerResponse, requestId: string, refusal: Refusal): void {
  const xml =
    `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${escapeXml(refusal.code)}</Code>` +
    `<Message>${escapeXml(refusal.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  res.writeHead(refusal.status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml), 'x-amzn-requestid': requestId });
  res.end(xml);
}

/**
 * The IAM calls of one SES v1 request: the sending identity (the domain of Source, or of the raw
 * message's From header when SendRawEmail has no Source) and the configuration set when one is
 * named. An explicit SourceArn (FromArn for a raw mail) is the identity SES authorises instead.
 */
function sesCalls(req: IncomingMessage, body: Buffer, recorder: CallRecorder): Calls[] | Refusal {
  const form = new URLSearchParams(req.method === 'POST' ? body.toString('utf8') : '');
  const action = form.get('Action');
  // aws-ses-v2-local never answers an action it lacks: refuse it here instead of hanging the caller.
  if (action !== 'SendEmail' && action !== 'SendRawEmail') return { status: 400, code: 'InvalidAction', message: `Unsupported action ${action ?? '(none)'}` };
  let address = form.get('Source') ?? undefined;
  if (action === 'SendRawEmail' && !address) {
    const raw = form.get('RawMessage.Data');
    address = raw ? headerOf(Buffer.from(raw, 'base64').toString('utf8'), 'from') : undefined;
  }
  const domain = address ? domainOf(address) : undefined;
  const explicit = (action === 'SendRawEmail' ? form.get('FromArn') : null) ?? form.get('SourceArn');
  if (!domain && !explicit) return { status: 400, code: 'InvalidParameterValue', message: "Missing final '@domain'" };
  const resources = [explicit ?? recorder.arn('ses', `identity/${domain}`)];
  const configurationSet = form.get('ConfigurationSetName');
  if (configurationSet) resources.push(recorder.arn('ses', `configuration-set/${configurationSet}`));
  return [{ action: `ses:${action}`, resources }];
}

/** The first header of that name in a MIME message, unfolded (RFC 5322 §2.2.3). */
function headerOf(message: string, name: string): string | undefined {
  const head = message.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name}:`));
  return line?.slice(name.length + 1).trim();
}

/** The lower-cased domain of an address, also of `"Name" <box@domain>`; a display name may itself hold an `@`. */
function domainOf(address: string): string | undefined {
  const angle = /<([^<>]*)>\s*$/.exec(address);
  const mailbox = (angle ? angle[1]! : address).trim();
  const at = mailbox.lastIndexOf('@');
  const domain = at > 0 ? mailbox.slice(at + 1).toLowerCase() : '';
  return /^[a-z0-9.-]+$/.test(domain) ? domain : undefined;
}
