import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context } from 'aws-lambda';
import { httpHandler, type HttpEvent, type HttpResult } from '../../functions/http/handler.js';
import { httpRoutes } from '../../functions/http/routes.js';
import type { LocalDocumentStore } from '../../functions/adapters/local-documents.js';
import { download, gatewayPage, LOCAL_DOWNLOAD_PATH, LOCAL_UPLOAD_PATH, upload } from './gateway-documents.js';
import { reservePort } from './ports.js';

export { LOCAL_DOWNLOAD_PATH, LOCAL_UPLOAD_PATH };

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** API Gateway's own payload limit; larger bodies never reach a function. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** A route the request matched, with its path parameters as they are in the URL (still percent-encoded). */
export interface RouteMatch<R> {
  route: R;
  rawParameters: Record<string, string>;
}

/**
 * The route API Gateway's HTTP API chooses for a request, whatever the order of `routes`: of the
 * routes whose path and method (or ANY) match, the most specific path, compared segment by segment
 * from the left, where a literal segment beats a `{param}`; on equal paths an explicit method beats
 * ANY. A `{param}` takes one non-empty segment.
 */
export function matchRoute<R extends { readonly method: string; readonly path: string }>(routes: readonly R[], method: string, path: string): RouteMatch<R> | undefined {
  const segments = path.split('/');
  let best: (RouteMatch<R> & { rank: string }) | undefined;
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const parts = route.path.split('/');
    if (parts.length !== segments.length) continue;
    const rawParameters: Record<string, string> = {};
    // One character per segment (0 literal, 1 parameter) and one for the method (0 explicit, 1 ANY):
    // candidates have as many segments, so the lowest string is the most specific route.
    let rank = '';
    const matches = parts.every((part, i) => {
      const segment = segments[i]!;
      const param = /^\{(\w+)\}$/.exec(part);
      rank += param ? '1' : '0';
      if (!param) return part === segment;
      rawParameters[param[1]!] = segment;
      return segment !== '';
    });
    rank += route.method === 'ANY' ? '1' : '0';
    if (matches && (!best || rank < best.rank)) best = { route, rawParameters, rank };
  }
  return best && { route: best.route, rawParameters: best.rawParameters };
}

/**
 * The security headers the functions' middleware stack (functions/http/handler.ts) puts on every
 * answer, read from that stack itself, so the gateway's own pages cannot drift from the functions'.
 */
async function functionSecurityHeaders(): Promise<Record<string, string>> {
  const probe = httpHandler(async () => ({ statusCode: 204 }), 'html');
  const result = await probe({ headers: {} } as HttpEvent, lambdaContext('lokale-gateway'));
  return Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]));
}

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
 * No request can stop it: whatever a client sends that cannot be read gets a Dutch 400 page.
 */
/** A route as the gateway serves it: the route table's (the local cloud) or the synthesized API's (the deployed tier). */
export interface GatewayRoute {
  readonly method: string;
  readonly path: string;
  readonly fn: string;
  /** A JWT authorizer guards it, as API Gateway's does for the coordinator's API. */
  readonly jwt?: boolean;
}

export interface GatewayOptions {
  port?: number;
  documents?: LocalDocumentStore;
  /** @default the route table, served by the local handlers by function name */
  routes?: readonly GatewayRoute[];
  /** API Gateway's JWT authorizer: the claims of a valid Bearer token, or undefined (401, the function is not called). */
  authorize?: (authorization: string | undefined) => Promise<Record<string, unknown> | undefined>;
}

export async function startGateway(handlers: Record<string, Handler>, options: GatewayOptions = {}) {
  const routes: readonly GatewayRoute[] = options.routes ?? httpRoutes;
  const port = await reservePort(options.port ?? 0, 'http');
  const securityHeaders = await functionSecurityHeaders();
  const malformed = gatewayPage(400, 'Ongeldig adres of verzoek', 'Dit verzoek kon niet worden gelezen. Controleer het adres, of gebruik de link uit de e-mail.');

  async function serve(req: IncomingMessage, res: ServerResponse, method: string) {
    const send = (result: HttpResult, own: boolean) => {
      // Payload 2.0 answers cookies in their own list; API Gateway turns each into a Set-Cookie header.
      const headers: Record<string, string | string[]> = { ...(own ? securityHeaders : {}), ...((result.headers ?? {}) as Record<string, string>) };
      if (result.cookies?.length) headers['set-cookie'] = result.cookies;
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(method === 'HEAD' || result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    };
    // HTTP/1.1 requires a Host header (RFC 9112, 3.2); Node's own refusal would be a bare 400.
    if (req.httpVersion === '1.1' && !req.headers.host) return send(malformed, true);
    let url: URL;
    try {
      // The path as sent: resolved against a base, `//l/x` would turn `l` into a host name.
      const target = req.url ?? '/';
      url = new URL(target.startsWith('/') ? `http://localhost${target}` : target);
      decodeURIComponent(url.pathname);
    } catch {
      return send(malformed, true);
    }
    if (url.pathname === LOCAL_UPLOAD_PATH && method === 'POST' && options.documents) return send(await upload(req, options.documents), true);
    if (url.pathname === LOCAL_DOWNLOAD_PATH && (method === 'GET' || method === 'HEAD') && options.documents) return send(await download(url.searchParams, options.documents), true);
    const match = matchRoute(routes, method, url.pathname);
    if (!match) return send(gatewayPage(404, 'Pagina niet gevonden', 'Controleer het adres, of gebruik de link uit de e-mail.'), true);
    const { route } = match;
    const routeKey = `${route.method} ${route.path}`;
    let body: Buffer | 'too-large';
    try {
      body = await readBody(req);
    } catch {
      return send(malformed, true);
    }
    if (body === 'too-large') {
      return send({ statusCode: 413, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Request Entity Too Large' }, true);
    }
    // The whole path decoded above, so each of its segments decodes too.
    const pathParameters = Object.fromEntries(Object.entries(match.rawParameters).map(([n, v]) => [n, decodeURIComponent(v)]));
    // Payload 2.0 delivers cookies in `cookies`, not as a header.
    const { cookie, ...headers } = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]),
    );
    const cookies = cookie ? cookie.split(';').map((c) => c.trim()).filter(Boolean) : undefined;
    const binary = body.length > 0 && !/^(text\/|application\/(json|x-www-form-urlencoded))/.test(headers['content-type'] ?? '');
    const event: HttpEvent = {
      version: '2.0',
      routeKey,
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
        routeKey,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      body: body.length ? (binary ? body.toString('base64') : body.toString('utf8')) : undefined,
      isBase64Encoded: binary,
    };
    if (route.jwt) {
      const claims = options.authorize ? await options.authorize(headers.authorization) : undefined;
      if (!claims) return send({ statusCode: 401, headers: { 'content-type': 'application/json' }, body: '{"message":"Unauthorized"}' }, true);
      (event.requestContext as unknown as Record<string, unknown>).authorizer = { jwt: { claims, scopes: null } };
    }
    try {
      send(await handlers[route.fn]!(event, lambdaContext(route.fn)), false);
    } catch {
      if (!res.headersSent) send({ statusCode: 502, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Internal Server Error' }, true);
    }
  }

  const server: Server = createServer({ requireHostHeader: false }, (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    // The last guard: an error that escaped would end `npm start` (an unhandled rejection).
    serve(req, res, method).catch(() => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' });
      res.end(method === 'HEAD' ? undefined : 'Internal Server Error');
    });
  });
  // Requests Node's parser refuses (a bad header, a bad request line, headers too large) never reach
  // the handler above; Node would answer a bare 400. They get the same Dutch page.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { _httpMessage?: { headersSent: boolean } }) => {
    // As Node does: nothing to write on a broken connection, or into an answer already under way.
    if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) return void socket.destroy();
    const page =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? gatewayPage(431, 'Verzoek te groot', 'Het verzoek had te veel of te lange kopregels. Verwijder de cookies van deze site en probeer het opnieuw.')
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? gatewayPage(408, 'Verzoek duurde te lang', 'Het verzoek kwam niet op tijd binnen. Probeer het opnieuw.')
          : malformed;
    const status = page.statusCode!;
    const body = Buffer.from(page.body ?? '');
    const head = Object.entries({ ...securityHeaders, ...(page.headers as Record<string, string>), 'content-length': String(body.length), connection: 'close' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n`), body]));
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
