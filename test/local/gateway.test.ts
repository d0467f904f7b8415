import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDocumentStore } from '../../functions/adapters/local-documents.js';
import { htmlResponse, httpHandler, type HttpEvent } from '../../functions/http/handler.js';
import { httpFunctions, type HttpFunction } from '../../functions/http/routes.js';
import { messagePage } from '../../functions/views/link-pages.js';
import { LOCAL_UPLOAD_PATH, startGateway } from '../../infra/local/gateway.js';

/**
 * The local gateway on its own, in front of a function page made by the house middleware: whatever
 * a client sends, the gateway answers (a Dutch page for what it cannot read) and keeps running.
 */
let gateway: Awaited<ReturnType<typeof startGateway>>;
const calls: HttpEvent[] = [];
const functionPage = httpHandler(async (event) => {
  calls.push(event);
  return htmlResponse(messagePage(200, 'Functie', JSON.stringify(event.pathParameters)));
}, 'html');

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-'));
  const documents = new LocalDocumentStore(dir, () => `${gateway.url}${LOCAL_UPLOAD_PATH}`);
  const handlers = Object.fromEntries(httpFunctions.map((fn) => [fn, functionPage])) as Record<HttpFunction, typeof functionPage>;
  gateway = await startGateway(handlers, { documents });
});
afterAll(async () => gateway?.stop());

/** Sends bytes as they are (fetch would refuse or repair them) and reads the answer. */
function raw(request: string | Buffer): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(gateway.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.end(request);
  });
}

const get = (path: string) => raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
/** Headers every answer has whatever made it: not security headers. */
const transport = new Set(['content-type', 'content-length', 'cache-control', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
let functionHeaders: Record<string, string>;

describe('the local gateway', () => {
  beforeAll(async () => {
    const res = await fetch(`${gateway.url}/l/token-1`);
    expect(res.status).toBe(200);
    functionHeaders = Object.fromEntries([...res.headers].filter(([name]) => !transport.has(name)));
    expect(functionHeaders['content-security-policy']).toContain("default-src 'none'");
  });

  it.each([
    ['a broken percent-encoding', '/l/%E0%A4%A'],
    ['a lone percent sign', '/l/abc%'],
    ['an invalid UTF-8 sequence', '/beheer/%C3%28/2027'],
    ['a bad escape on an unknown path', '/onbekend/%zz'],
    ['an absolute address that is no URL', 'http://['],
    ['a request target that is no path', '*'],
  ])('answers %s with a Dutch 400 page and keeps running', async (_what, path) => {
    const before = calls.length;
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="nl"');
    expect(res.body).toContain('Dit verzoek kon niet worden gelezen.');
    expect(calls.length).toBe(before);
    expect((await fetch(`${gateway.url}/l/nog-steeds`)).status).toBe(200);
  });

  it.each([
    ['a header without a colon', 'GET /l/x HTTP/1.1\r\nHost: 127.0.0.1\r\nKapot\r\n\r\n'],
    ['a control character in a header', 'GET /l/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test: a\x01b\r\n\r\n'],
    ['a space in a header name', 'GET /l/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX Test: a\r\n\r\n'],
    ['no Host header', 'GET /l/x HTTP/1.1\r\n\r\n'],
    ['a content length that is no number', 'POST /l/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: tien\r\n\r\n'],
    ['both a content length and chunked', 'POST /l/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['a bad request line', 'GET\r\n\r\n'],
  ])('answers %s (refused by the HTTP parser) with a Dutch 400 page carrying the security headers', async (_what, request) => {
    const res = await raw(request);
    expect(res.status).toBe(400);
    expect(res.body).toContain('Dit verzoek kon niet worden gelezen.');
    expect(res.headers).toMatchObject(functionHeaders);
    expect((await fetch(`${gateway.url}/l/nog-steeds`)).status).toBe(200);
  });

  it('answers headers that are too large with a Dutch 431 page', async () => {
    const res = await raw(`GET /l/x HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(res.body).toContain('Verwijder de cookies van deze site');
  });

  it('answers a path of empty segments with a 404 page (it made a URL with an empty host before)', async () => {
    const res = await get('//');
    expect(res.status).toBe(404);
    expect(res.body).toContain('Pagina niet gevonden');
    expect((await get('//l/abc')).status).toBe(404);
  });

  it('decodes the parameters of a well-formed path once, as API Gateway does', async () => {
    const res = await fetch(`${gateway.url}/l/a%20b%C3%A9`);
    expect(await res.text()).toContain(JSON.stringify({ token: 'a bé' }).replaceAll('"', '&quot;'));
  });

  it('puts the functions’ security headers on its own 404, 400 and 413 and on the upload’s answers', async () => {
    const answers = await Promise.all([
      fetch(`${gateway.url}/bestaat-niet`),
      fetch(`${gateway.url}/l/%E0%A4%A`),
      fetch(`${gateway.url}/l/x`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1) }),
      fetch(`${gateway.url}${LOCAL_UPLOAD_PATH}`, { method: 'POST', body: new FormData() }),
      fetch(`${gateway.url}${LOCAL_UPLOAD_PATH}`, { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'x' }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([404, 400, 413, 400, 400]);
    for (const res of answers) expect(Object.fromEntries(res.headers)).toMatchObject(functionHeaders);
    expect(await answers[0]!.text()).toContain('Pagina niet gevonden');
  });

  it('answers a malformed or incomplete upload with a Dutch 400 page', async () => {
    const boundary = 'grens';
    const truncated = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 zonder einde`;
    const cases = await Promise.all([
      fetch(`${gateway.url}${LOCAL_UPLOAD_PATH}`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: truncated }),
      fetch(`${gateway.url}${LOCAL_UPLOAD_PATH}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'geen formulier' }),
      fetch(`${gateway.url}${LOCAL_UPLOAD_PATH}`, { method: 'POST' }),
    ]);
    for (const res of cases) {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('upload het document opnieuw');
    }
    const noFile = new FormData();
    noFile.append('key', 'bijlagen/x/${filename}');
    const missing = await fetch(`${gateway.url}${LOCAL_UPLOAD_PATH}`, { method: 'POST', body: noFile });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Geen bestand ontvangen');
  });
});
