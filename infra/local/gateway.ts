import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResult } from '../../functions/http/handler.js';
import { httpRoutes, type HttpFunction } from '../../functions/http/routes.js';
import { messagePage } from '../../functions/views/link-pages.js';
import busboy from 'busboy';
import type { LocalDocumentStore } from '../../functions/adapters/documents.js';
import { MAX_ATTACHMENT_BYTES, sanitizeFileName } from '../../functions/core/attachment.js';
import { reservePort } from './ports.js';

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** Where the browser posts PDFs locally; S3 takes these posts in AWS, so this route is local only. */
export const LOCAL_UPLOAD_PATH = '/_lokaal/upload';

/** Takes a presigned form upload as S3 does: fields first, the file last; answers 303 to the redirect. */
async function upload(req: IncomingMessage, documents: LocalDocumentStore): Promise<HttpResult> {
  const fields: Record<string, string> = {};
  let file: { fileName: string; bytes: Buffer; contentType: string } | undefined;
  let tooLarge = false;
  try {
    await new Promise<void>((done, fail) => {
      const bb = busboy({ headers: req.headers, limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 20 } });
      bb.on('field', (name, value) => (fields[name] = value));
      bb.on('file', (_name, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => (tooLarge = true));
        stream.on('end', () => (file = { fileName: sanitizeFileName(info.filename ?? ''), bytes: Buffer.concat(chunks), contentType: info.mimeType }));
      });
      bb.on('close', done);
      bb.on('error', fail);
      req.pipe(bb);
    });
  } catch {
    return { statusCode: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'MalformedPOSTRequest' };
  }
  if (tooLarge) return { statusCode: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'EntityTooLarge' };
  if (!file) return { statusCode: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'MissingFile' };
  const accepted = documents.accept(fields, file);
  if ('redirect' in accepted) return { statusCode: 303, headers: { location: accepted.redirect }, body: '' };
  return { statusCode: accepted.status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: accepted.reason };
}

/** API Gateway's own payload limit; larger bodies never reach a function. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  routeKey: string;
  fn: HttpFunction;
}

const compiled: CompiledRoute[] = httpRoutes.map((r) => {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${r.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  return { method: r.method, pattern, names, routeKey: `${r.method} ${r.path}`, fn: r.fn };
});

/** A Lambda context as the runtime passes it, for calling a handler outside Lambda. */
export function lambdaContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A small stand-in for the HTTP API: turns a request into the same API Gateway v2 event (payload
 * 2.0) that AWS delivers, routes it with the routes the CDK stack uses, and calls the same handler.
 */
export async function startGateway(handlers: Record<HttpFunction, Handler>, options: { port?: number; documents?: LocalDocumentStore } = {}) {
  const port = await reservePort(options.port ?? 0, 'http');
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const send = (result: HttpResult) => {
      // Payload 2.0 answers cookies in their own list; API Gateway turns each into a Set-Cookie header.
      const headers: Record<string, string | string[]> = { ...((result.headers ?? {}) as Record<string, string>) };
      if (result.cookies?.length) headers['set-cookie'] = result.cookies;
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(method === 'HEAD' ? undefined : result.body);
    };
    if (url.pathname === LOCAL_UPLOAD_PATH && method === 'POST' && options.documents) return send(await upload(req, options.documents));
    const route = compiled.find((r) => (r.method === 'ANY' || r.method === method) && r.pattern.test(url.pathname));
    if (!route) {
      const page = messagePage(404, 'Pagina niet gevonden', 'Controleer het adres, of gebruik de link uit de e-mail.');
      return send({ statusCode: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page.html });
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      return send({ statusCode: 413, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Request Entity Too Large' });
    }
    const match = route.pattern.exec(url.pathname)!;
    const pathParameters = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
    // Payload 2.0 delivers cookies in `cookies`, not as a header.
    const { cookie, ...headers } = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]),
    );
    const cookies = cookie ? cookie.split(';').map((c) => c.trim()).filter(Boolean) : undefined;
    const binary = body.length > 0 && !/^(text\/|application\/(json|x-www-form-urlencoded))/.test(headers['content-type'] ?? '');
    const event: HttpEvent = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(cookies ? { cookies } : {}),
      headers,
      queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
      pathParameters,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey: route.routeKey,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      body: body.length ? (binary ? body.toString('base64') : body.toString('utf8')) : undefined,
      isBase64Encoded: binary,
    };
    try {
      send(await handlers[route.fn](event, lambdaContext(route.fn)));
    } catch {
      send({ statusCode: 502, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Internal Server Error' });
    }
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
