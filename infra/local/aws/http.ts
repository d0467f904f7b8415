import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { LocalSetupError } from '../ports.js';

/** A local AWS endpoint: its base URL (give it as `endpoint` or `AWS_ENDPOINT_URL_<SERVICE>`) and how to stop it. */
export interface LocalEndpoint {
  url: string;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void>;
/** Answers an error the handler did not expect, in the service's own shape. */
export type Fallback = (res: ServerResponse, requestId: string, error: unknown) => void;

/** A request body over the endpoint's limit: read no further, answer in the service's shape. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

/** The whole body, refused past `limit` bytes so a runaway client cannot fill the memory. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(`body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Listens on 127.0.0.1 (port 0: a free one, chosen by the system at listen time, so no other
 * process can take it in between). Whatever a handler throws is answered by `fallback` and the
 * server keeps running: a malformed request must never stop a whole test tier.
 */
export async function listen(what: string, handler: Handler, fallback: Fallback, port = 0): Promise<LocalEndpoint> {
  const server = createServer((req, res) => {
    const requestId = randomUUID();
    res.on('error', () => undefined);
    handler(req, res, requestId).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else fallback(res, requestId, error);
    });
  });
  // A request too broken to parse as HTTP gets Node's plain 400; a reset socket is only that client's loss.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new LocalSetupError(`Poort ${port} (${what}) is bezet.`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const chosen = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${chosen}`,
    // The SDK keeps connections alive: close them, or close() waits for their idle timeout.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The AWS JSON protocols differ in their content type only. */
export type JsonProtocol = '1.0' | '1.1';

export function sendJson(res: ServerResponse, requestId: string, protocol: JsonProtocol, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': `application/x-amz-json-${protocol}`,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}

/** An error as the JSON protocols carry it: the SDK throws an error whose name is `type`. */
export function sendJsonError(res: ServerResponse, requestId: string, protocol: JsonProtocol, status: number, type: string, message: string): void {
  sendJson(res, requestId, protocol, status, { __type: type, message });
}

/** The operation of `X-Amz-Target: <prefix>.<Operation>`, or undefined for another service or none. */
export function targetOperation(req: IncomingMessage, prefix: string): string | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target !== 'string' || !target.startsWith(`${prefix}.`)) return undefined;
  const operation = target.slice(prefix.length + 1);
  return /^[A-Za-z]+$/.test(operation) ? operation : undefined;
}

/** The JSON object of a body, or undefined when it is not one (the endpoints answer SerializationException). */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.length ? body.toString('utf8') : '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Strict base64, as the JSON protocols carry blobs: Node's own decoder skips what it does not know. */
export function decodeBase64(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
  return Buffer.from(value, 'base64');
}
