import { mkdtempSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UploadTicket } from '../../../functions/adapters/documents.js';
import { S3DocumentStore } from '../../../functions/adapters/s3-documents.js';
import { MAX_ATTACHMENT_BYTES } from '../../../functions/core/attachment.js';
import { CallRecorder } from '../../../infra/local/aws/recorder.js';
import { startS3, type LocalS3 } from '../../../infra/local/aws/s3.js';
import { callInChild, credentialsOf, region, unsigned } from './support.js';

/** The local S3 with the project's S3DocumentStore: a browser's presigned POST, then GetObject. */
const recorder = new CallRecorder();
const bucket = 'documenten';
const prefix = 'bijlagen/leusden/2027/bod/link-a/r1/';
const redirect = 'http://127.0.0.1:3000/l/v1.token';
const root = mkdtempSync(join(tmpdir(), 'lokale-s3-'));
let now = () => new Date();
let s3: LocalS3;

const client = (principal: string) => new S3Client({ endpoint: s3.url, region, credentials: credentialsOf(principal), maxAttempts: 1 });
const documents = (principal: string) => new S3DocumentStore(client(principal), bucket);
const pdf = (size: number) => {
  const head = Buffer.from('%PDF-1.7\n% bod Omthuis\n');
  return Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]);
};
const object = (key: string) => `arn:aws:s3:::${bucket}/${key}`;
const entry = (principal: string, action: string, key: string) => ({ principal, service: 's3', action, resource: object(key) });

/** Posts the ticket's form as a browser does: its fields in order, then the file, overridden or extended as asked. */
async function post(ticket: UploadTicket, bytes: Buffer, change: Record<string, string | undefined> = {}, after: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...ticket.fields, ...change })) if (value !== undefined) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'bod.pdf');
  for (const [name, value] of Object.entries(after)) form.append(name, value);
  const res = await fetch(ticket.url, { method: 'POST', body: form, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}
const code = (text: string) => /<Code>([^<]+)<\/Code>/.exec(text)?.[1];

beforeAll(async () => {
  s3 = await startS3({ recorder, buckets: [bucket], dir: join(root, 'objecten'), now: () => now(), mayList: (principal) => principal !== 'ZonderList' });
});
afterAll(() => s3?.close());
beforeEach(() => {
  recorder.clear();
  now = () => new Date();
});

describe('the local S3', () => {
  it('takes S3DocumentStore’s presigned POST, redirects as S3 does, and GetObject returns the bytes', async () => {
    const ticket = await documents('LinkPage').presignUpload(prefix, redirect);
    expect(ticket.url).toBe(`${s3.url}/${bucket}`); // path style: the endpoint is an IP address
    const bytes = pdf(2048);
    const answer = await post(ticket, bytes);
    expect(answer.status).toBe(303);
    const location = new URL(answer.location!);
    expect(`${location.origin}${location.pathname}`).toBe(redirect);
    expect(Object.fromEntries(location.searchParams)).toEqual({ bucket, key: `${prefix}bod.pdf`, etag: s3.object(bucket, `${prefix}bod.pdf`)!.etag });
    expect(await documents('LinkPage').read(`${prefix}bod.pdf`)).toEqual(bytes);
    const got = await client('LinkPage').send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}bod.pdf` }));
    expect(got.ContentType).toBe('application/pdf');
    expect(recorder.entries).toEqual([entry('LinkPage', 's3:PutObject', `${prefix}bod.pdf`), entry('LinkPage', 's3:GetObject', `${prefix}bod.pdf`), entry('LinkPage', 's3:GetObject', `${prefix}bod.pdf`)]);
  });

  it('takes exactly MAX_ATTACHMENT_BYTES (content-length-range is inclusive) and refuses one byte more, and an empty file', async () => {
    const ticket = await documents('Dashboard').presignUpload(prefix, redirect);
    expect((await post(ticket, pdf(MAX_ATTACHMENT_BYTES))).status).toBe(303);
    expect(s3.object(bucket, `${prefix}bod.pdf`)!.bytes.length).toBe(MAX_ATTACHMENT_BYTES);
    const other = await documents('Dashboard').presignUpload(`${prefix}groot/`, redirect);
    const tooLarge = await post(other, pdf(MAX_ATTACHMENT_BYTES + 1));
    expect([tooLarge.status, code(tooLarge.text)]).toEqual([400, 'EntityTooLarge']);
    expect(tooLarge.text).toContain(`<MaxSizeAllowed>${MAX_ATTACHMENT_BYTES}</MaxSizeAllowed>`);
    const empty = await post(other, Buffer.alloc(0));
    expect([empty.status, code(empty.text)]).toEqual([400, 'EntityTooSmall']);
    expect(s3.object(bucket, `${prefix}groot/bod.pdf`)).toBeUndefined();
  });

  it('enforces every condition of the policy, and its expiry', async () => {
    const own = `${prefix}voorwaarden/`;
    const ticket = await documents('LinkPage').presignUpload(own, redirect);
    const refusals = [
      await post(ticket, pdf(100), { 'Content-Type': 'text/html' }),
      await post(ticket, pdf(100), { key: 'bijlagen/leusden/2027/bod/link-b/r1/bod.pdf' }),
      await post(ticket, pdf(100), { success_action_redirect: 'https://aanvaller.example/' }),
      await post(ticket, pdf(100), { 'x-amz-meta-extra': 'ongetekend' }),
      await post(ticket, pdf(100), { Policy: undefined }),
      await post(ticket, pdf(100), { Policy: Buffer.from('{"expiration":').toString('base64') }),
    ];
    expect(refusals.map((r) => [r.status, code(r.text)])).toEqual([
      [403, 'AccessDenied'],
      [403, 'AccessDenied'],
      [403, 'AccessDenied'],
      [403, 'AccessDenied'],
      [403, 'AccessDenied'],
      [400, 'InvalidPolicyDocument'],
    ]);
    expect(refusals[0]!.text).toContain('Policy Condition failed');
    expect(refusals[3]!.text).toContain('Extra input fields: x-amz-meta-extra');
    now = () => new Date(Date.now() + 61 * 60 * 1000);
    const late = await post(ticket, pdf(100));
    expect([late.status, code(late.text), late.text.includes('Policy expired')]).toEqual([403, 'AccessDenied', true]);
    expect(s3.object(bucket, `${own}bod.pdf`)).toBeUndefined();
    // A field after the file is ignored, as S3 ignores it: it cannot change what the policy checked.
    now = () => new Date();
    expect((await post(ticket, pdf(100), {}, { 'Content-Type': 'text/html' })).status).toBe(303);
    expect(s3.object(bucket, `${own}bod.pdf`)!.contentType).toBe('application/pdf');
  });

  it('keeps a key as the opaque string S3 keeps: `../` is resolved nowhere, and no path is built from it', async () => {
    const ticket = await documents('LinkPage').presignUpload(prefix, redirect);
    const literal = `${prefix}../../link-b/r1/bod.pdf`;
    expect((await post(ticket, pdf(100), { key: literal })).status).toBe(303);
    expect(await documents('LinkPage').read(literal)).toEqual(pdf(100));
    expect(await documents('LinkPage').read('bijlagen/leusden/2027/bod/link-b/r1/bod.pdf')).toBeUndefined();
    // The folder holds only hash-named files, whatever the keys were.
    expect(readdirSync(root)).toEqual(['objecten']);
    expect(readdirSync(join(root, 'objecten')).every((name) => /^[0-9a-f]{64}\.(bin|json)$/.test(name))).toBe(true);
    expect(recorder.entries).toContainEqual(entry('LinkPage', 's3:PutObject', literal));
  });

  it('answers a missing key with NoSuchKey, or AccessDenied to a principal without s3:ListBucket, as S3 does', async () => {
    expect(await documents('LinkPage').read(`${prefix}nooit.pdf`)).toBeUndefined();
    await expect(documents('ZonderList').read(`${prefix}nooit.pdf`)).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(new S3DocumentStore(client('LinkPage'), 'ander-bucket').read('x.pdf')).rejects.toMatchObject({ name: 'NoSuchBucket' });
    expect(recorder.entries).toEqual([entry('LinkPage', 's3:GetObject', `${prefix}nooit.pdf`), entry('ZonderList', 's3:GetObject', `${prefix}nooit.pdf`), { principal: 'LinkPage', service: 's3', action: 's3:GetObject', resource: 'arn:aws:s3:::ander-bucket/x.pdf' }]);
  });

  it('serves virtual-hosted-style requests too, and refuses unsigned and malformed ones in S3’s XML', async () => {
    const ticket = await documents('LinkPage').presignUpload(prefix, redirect);
    await post(ticket, pdf(300));
    const port = new URL(s3.url).port;
    const virtual = await new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: `/${prefix}bod.pdf`, headers: { host: `${bucket}.localhost:${port}`, authorization: 'AWS4-HMAC-SHA256 Credential=LinkPage/20270101/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=00' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(virtual).toEqual({ status: 200, body: pdf(300) });
    const answers = [
      await unsigned(`${s3.url}/${bucket}/${prefix}bod.pdf`, { method: 'GET' }),
      await unsigned(`${s3.url}/${bucket}/%E0%A4%A`, { method: 'GET', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=LinkPage/x/y/s3/aws4_request' } }),
      await unsigned(`${s3.url}/${bucket}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'key=a&policy=b' }),
      await unsigned(`${s3.url}/${bucket}`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nContent-Disposition: form-data; name="key"\r\n\r\nabc' }),
      await unsigned(`${s3.url}/${bucket}/${prefix}bod.pdf`, { method: 'PUT', body: 'x' }),
    ];
    expect(answers.map((a) => [a.status, code(a.text)])).toEqual([
      [403, 'AccessDenied'],
      [400, 'InvalidURI'],
      [400, 'InvalidArgument'],
      [400, 'MalformedPOSTRequest'],
      [501, 'NotImplemented'],
    ]);
  });

  it('takes the standard AWS_ENDPOINT_URL_S3 in a child process, the key id naming the caller', async () => {
    const ticket = await documents('LinkPage').presignUpload(prefix, redirect);
    await post(ticket, pdf(512));
    recorder.clear();
    const out = await callInChild('s3', { bucket, key: `${prefix}bod.pdf` }, 'Dashboard', { AWS_ENDPOINT_URL_S3: s3.url });
    expect(out).toEqual({ node: expect.stringMatching(/^22\./), result: pdf(512).toString('base64') });
    expect(recorder.entries).toEqual([entry('Dashboard', 's3:GetObject', `${prefix}bod.pdf`)]);
  });
});
