import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import busboy from 'busboy';
import { escapeXml, listen, type LocalEndpoint } from './http.js';
import { principalOf, type CallRecorder } from './recorder.js';
import { parsePostPolicy, type PostRefusal } from './s3-policy.js';

export interface StoredObject {
  bytes: Buffer;
  contentType: string;
  /** With its quotes, as S3 sends it: the MD5 of the bytes for a single-part upload. */
  etag: string;
  lastModified: Date;
}

export interface LocalS3Options {
  recorder: CallRecorder;
  /** A folder to keep objects in (each under a hash of bucket and key, never a path built from the key). @default memory */
  dir?: string;
  /** The buckets that exist; others answer NoSuchBucket. @default any */
  buckets?: string[];
  /**
   * Whether the principal holds s3:ListBucket on the bucket. Without it S3 answers a missing key
   * with 403 AccessDenied, not 404 NoSuchKey, so that keys cannot be probed. @default every principal does
   */
  mayList?: (principal: string, bucket: string) => boolean;
  /** @default Date.now */
  now?: () => Date;
  /** @default 0, a free port */
  port?: number;
}

export interface LocalS3 extends LocalEndpoint {
  /** The object under exactly this key, as S3 keeps it. */
  object(bucket: string, key: string): StoredObject | undefined;
}

/** A file held in memory while posted; S3 takes 5 GB, no form of this project comes near. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** S3 keys are at most 1024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;

type Refusal = PostRefusal & { resource?: string };

/**
 * S3 for what the functions do: GetObject (and HeadObject) and the browser's presigned POST upload.
 *
 * Addressing: @aws-sdk/client-s3 with AWS_ENDPOINT_URL_S3 (or `endpoint`) set to an IP address,
 * as every local endpoint here is, sends path style (`/bucket/key`): its endpoint rules never put
 * a bucket in front of an IP. With a host name (`http://localhost:PORT`) it sends virtual-hosted
 * style (`bucket.localhost:PORT/key`) unless the client sets forcePathStyle, which the JS SDK v3
 * reads from no environment variable (there is no AWS_S3_FORCE_PATH_STYLE). Both styles are
 * served, but Node does not resolve `*.localhost` on every system: give the bundles 127.0.0.1.
 *
 * A key is an opaque string, as in S3: `a/../b` is its own object, nothing is resolved.
 */
export async function startS3(options: LocalS3Options): Promise<LocalS3> {
  const { recorder } = options;
  const objects = objectStore(options.dir);
  const now = options.now ?? (() => new Date());
  const mayList = options.mayList ?? (() => true);
  const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

  const endpoint = await listen(
    's3',
    async (req, res, requestId) => {
      const address = addressOf(req);
      if ('code' in address) return sendError(res, requestId, address, req.method === 'HEAD');
      const { bucket, key } = address;
      if (req.method === 'POST' && key === '') return upload(req, res, requestId, bucket);
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !key) {
        return sendError(res, requestId, { status: 501, code: 'NotImplemented', message: 'The local S3 serves GetObject and form uploads only' }, req.method === 'HEAD');
      }
      const principal = principalOf(req.headers.authorization);
      if (!principal) return sendError(res, requestId, { status: 403, code: 'AccessDenied', message: 'Access Denied' }, req.method === 'HEAD');
      // HeadObject is authorised as s3:GetObject.
      recorder.record(principal, 's3:GetObject', [objectArn(bucket, key)]);
      if (options.buckets && !options.buckets.includes(bucket)) return sendError(res, requestId, { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', resource: bucket }, req.method === 'HEAD');
      const object = objects.get(bucket, key);
      if (!object) {
        const refusal = mayList(principal, bucket)
          ? { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', details: { Key: key } }
          : { status: 403, code: 'AccessDenied', message: 'Access Denied' };
        return sendError(res, requestId, refusal, req.method === 'HEAD');
      }
      res.writeHead(200, {
        'content-type': object.contentType,
        'content-length': object.bytes.length,
        etag: object.etag,
        'last-modified': object.lastModified.toUTCString(),
        'x-amz-request-id': requestId,
      });
      res.end(req.method === 'HEAD' ? undefined : object.bytes);
    },
    (res, requestId) => sendError(res, requestId, { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' }, false),
    options.port,
  );

  async function upload(req: IncomingMessage, res: ServerResponse, requestId: string, bucket: string): Promise<void> {
    const form = await readForm(req);
    if ('code' in form) return sendError(res, requestId, form, false);
    const { fields, file } = form;
    const policyText = fields.get('policy');
    if (!policyText || !fields.get('x-amz-signature')) return sendError(res, requestId, { status: 403, code: 'AccessDenied', message: 'Access Denied' }, false);
    const policy = parsePostPolicy(policyText);
    if ('code' in policy) return sendError(res, requestId, policy, false);
    if (!file) return sendError(res, requestId, { status: 400, code: 'InvalidArgument', message: 'POST requires exactly one file upload per request.' }, false);
    // S3 fills in ${filename} from the file part before it checks the policy and names the object.
    const key = (fields.get('key') ?? '').replaceAll('${filename}', file.fileName);
    if (!key) return sendError(res, requestId, { status: 400, code: 'InvalidArgument', message: "Bucket POST must contain a field named 'key'." }, false);
    fields.set('key', key);
    recorder.record(policy.principal, 's3:PutObject', [objectArn(bucket, key)]);
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) return sendError(res, requestId, { status: 400, code: 'KeyTooLongError', message: 'Your key is too long' }, false);
    if (options.buckets && !options.buckets.includes(bucket)) return sendError(res, requestId, { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', resource: bucket }, false);
    const refusal = file.size > MAX_FILE_BYTES
      ? { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size (local limit)' }
      : policy.check(fields, bucket, file.size, now());
    if (refusal) return sendError(res, requestId, refusal, false);
    const etag = `"${createHash('md5').update(file.bytes).digest('hex')}"`;
    // Without a Content-Type field S3 stores the object as binary/octet-stream; the part's own type is ignored.
    objects.put(bucket, key, { bytes: file.bytes, contentType: fields.get('content-type') ?? 'binary/octet-stream', etag, lastModified: now() });
    const location = `${endpoint.url}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const redirect = fields.get('success_action_redirect') ?? fields.get('redirect');
    // Only a printable ASCII URL can be a Location header; for any other the local S3 answers with the status.
    if (redirect && /^https?:\/\/[\x21-\x7e]*$/i.test(redirect)) {
      const query = new URLSearchParams({ bucket, key, etag }).toString();
      res.writeHead(303, { location: `${redirect}${redirect.includes('?') ? '&' : '?'}${query}`, etag, 'x-amz-request-id': requestId });
      return void res.end();
    }
    const status = ['200', '201'].includes(fields.get('success_action_status') ?? '') ? Number(fields.get('success_action_status')) : 204;
    const xml = status === 201
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${escapeXml(location)}</Location><Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(key)}</Key><ETag>${escapeXml(etag)}</ETag></PostResponse>`
      : '';
    res.writeHead(status, { etag, location, 'x-amz-request-id': requestId, ...(xml ? { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) } : {}) });
    res.end(xml);
  }

  return { ...endpoint, object: (bucket, key) => objects.get(bucket, key) };
}

/** Bucket and key of a request, virtual-hosted (`bucket.localhost`) or path style; the key percent-decoded, nothing else. */
function addressOf(req: IncomingMessage): { bucket: string; key: string } | Refusal {
  const path = (req.url ?? '/').split('?', 1)[0]!;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  try {
    if (host.endsWith('.localhost')) return { bucket: host.slice(0, -'.localhost'.length), key: decodeURIComponent(path.slice(1)) };
    const rest = path.slice(1);
    const slash = rest.indexOf('/');
    const bucket = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
    if (!bucket) return { status: 501, code: 'NotImplemented', message: 'The local S3 does not list buckets' };
    return { bucket, key: slash < 0 ? '' : decodeURIComponent(rest.slice(slash + 1)) };
  } catch {
    return { status: 400, code: 'InvalidURI', message: "Couldn't parse the specified URI." };
  }
}

type Form = { fields: Map<string, string>; file?: { fileName: string; bytes: Buffer; size: number } };

/**
 * The form's fields (names lower-cased: S3 compares them without case) up to the file, and the
 * file. S3 ignores what follows the file, so a field after it cannot change what was checked.
 */
function readForm(req: IncomingMessage): Promise<Form | Refusal> {
  return new Promise((resolve) => {
    const fields = new Map<string, string>();
    let file: Form['file'];
    const refuse = () => resolve({ status: 400, code: 'MalformedPOSTRequest', message: 'The body of your POST request is not well-formed multipart/form-data.' });
    const wrongType = { status: 400, code: 'InvalidArgument', message: 'Bucket POST must be of the enclosure-type multipart/form-data' };
    // busboy also reads url-encoded forms, which S3 refuses for a POST upload.
    if (!/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '')) return resolve(wrongType);
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fields: 100, fieldSize: 1024 * 1024 } });
    } catch {
      return resolve(wrongType);
    }
    parser.on('field', (name, value) => {
      if (!file) fields.set(name.toLowerCase(), value);
    });
    parser.on('file', (name, stream, info) => {
      if (name.toLowerCase() !== 'file' || file) return void stream.resume();
      const chunks: Buffer[] = [];
      const current = { fileName: info.filename ?? '', bytes: Buffer.alloc(0), size: 0 };
      file = current;
      // Counted to the end for EntityTooLarge, kept only up to the local limit.
      stream.on('data', (chunk: Buffer) => {
        current.size += chunk.length;
        if (current.size <= MAX_FILE_BYTES) chunks.push(chunk);
      });
      stream.on('end', () => (current.bytes = Buffer.concat(chunks)));
      stream.on('error', refuse);
    });
    parser.on('close', () => resolve({ fields, ...(file ? { file } : {}) }));
    parser.on('error', refuse);
    req.on('error', refuse);
    req.pipe(parser);
  });
}

function sendError(res: ServerResponse, requestId: string, refusal: Refusal, head: boolean): void {
  const details = Object.entries(refusal.details ?? {}).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  const resource = refusal.resource ? `<BucketName>${escapeXml(refusal.resource)}</BucketName>` : '';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${escapeXml(refusal.message)}</Message>${details}${resource}<RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(refusal.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId, ...(head ? {} : { 'content-length': Buffer.byteLength(xml) }) });
  res.end(head ? undefined : xml);
}

/** Objects by bucket and exact key: in memory, or in a folder under a hash of both (a key never becomes a path). */
function objectStore(dir: string | undefined) {
  const memory = new Map<string, StoredObject>();
  // A bucket name holds no '/', so `bucket/key` names one object only.
  const id = (bucket: string, key: string) => `${bucket}/${key}`;
  const file = (bucket: string, key: string) => join(dir!, createHash('sha256').update(id(bucket, key)).digest('hex'));
  if (dir) mkdirSync(dir, { recursive: true });
  return {
    get(bucket: string, key: string): StoredObject | undefined {
      if (!dir) return memory.get(id(bucket, key));
      try {
        const meta = JSON.parse(readFileSync(`${file(bucket, key)}.json`, 'utf8')) as { id: string; contentType: string; etag: string; lastModified: string };
        if (meta.id !== id(bucket, key)) return undefined;
        return { bytes: readFileSync(`${file(bucket, key)}.bin`), contentType: meta.contentType, etag: meta.etag, lastModified: new Date(meta.lastModified) };
      } catch {
        return undefined;
      }
    },
    put(bucket: string, key: string, object: StoredObject): void {
      if (!dir) return void memory.set(id(bucket, key), object);
      writeFileSync(`${file(bucket, key)}.bin`, object.bytes);
      writeFileSync(`${file(bucket, key)}.json`, JSON.stringify({ id: id(bucket, key), contentType: object.contentType, etag: object.etag, lastModified: object.lastModified.toISOString() }));
    },
  };
}
