import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalEndpoint } from '../../../infra/local/aws/http.js';
import { startKms } from '../../../infra/local/aws/kms.js';
import { startRecordingProxy } from '../../../infra/local/aws/proxy.js';
import { CallRecorder, principalOf, principalOfCredential } from '../../../infra/local/aws/recorder.js';
import { startS3 } from '../../../infra/local/aws/s3.js';
import { startSfn } from '../../../infra/local/aws/sfn.js';
import { startSesLocal, type SesLocal } from '../../../infra/local/ses.js';

/** Whatever arrives, every endpoint answers in its own error shape (never a 5xx) and keeps serving. */
const recorder = new CallRecorder();
const endpoints: Record<string, LocalEndpoint> = {};
let ses: SesLocal;

const signed = 'AWS4-HMAC-SHA256 Credential=Fuzz/20270101/eu-west-1/x/aws4_request, SignedHeaders=host, Signature=00';
const targets = ['TrentService.GenerateMac', 'TrentService.Sign', 'TrentService.VerifyMac', 'TrentService.GetPublicKey', 'AWSStepFunctions.StartExecution',
  'AWSStepFunctions.DescribeExecution', 'AWSStepFunctions.StopExecution', 'AWSStepFunctions.ListExecutions', 'DynamoDB_20120810.GetItem',
  'DynamoDB_20120810.TransactWriteItems', 'DynamoDB_20120810.BatchGetItem', 'x.y', ''];
/** Bodies that look almost right: JSON of the right and wrong shapes, forms, multipart fragments and noise. */
const body = fc.oneof(
  fc.json(),
  fc.object().map((o) => JSON.stringify(o)),
  fc.record({ KeyId: fc.oneof(fc.string(), fc.integer()), Message: fc.oneof(fc.base64String(), fc.string()), TableName: fc.string(), TransactItems: fc.array(fc.object()), stateMachineArn: fc.string(), name: fc.string(), input: fc.string() }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.dictionary(fc.constantFrom('Action', 'Source', 'RawMessage.Data', 'ConfigurationSetName', 'key', 'policy'), fc.string()).map((o) => new URLSearchParams(o).toString()),
  fc.string().map((s) => `--b\r\nContent-Disposition: form-data; name="${s}"\r\n\r\n${s}`),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1')),
);
const request = fc.record({
  service: fc.constantFrom('kms', 'sfn', 's3', 'dynamodb', 'ses'),
  method: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'HEAD'),
  path: fc.oneof(fc.constant('/'), fc.webPath(), fc.string().map((s) => `/documenten/${encodeURIComponent(s)}`), fc.constantFrom('/documenten/%', '/%zz/a', '/documenten/a/../../b')),
  target: fc.constantFrom(...targets),
  contentType: fc.constantFrom('application/x-amz-json-1.0', 'application/x-amz-json-1.1', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', 'multipart/form-data', 'text/plain'),
  signed: fc.boolean(),
  body,
});

beforeAll(async () => {
  ses = await startSesLocal();
  endpoints.kms = await startKms({ recorder });
  endpoints.sfn = await startSfn({ recorder, start: () => ({}) });
  endpoints.s3 = await startS3({ recorder });
  endpoints.dynamodb = await startRecordingProxy({ target: inject('dynamoEndpoint'), service: 'dynamodb', recorder });
  endpoints.ses = await startRecordingProxy({ target: ses.endpoint, service: 'ses', recorder });
});
afterAll(async () => {
  await Promise.all(Object.values(endpoints).map((e) => e.close()));
  await ses?.stop();
});

describe('the local AWS endpoints under random input', () => {
  it('answer 300 random requests each with a 4xx or a success, never a failure of their own, and keep serving', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = { 'content-type': r.contentType, ...(r.target ? { 'x-amz-target': r.target } : {}), ...(r.signed ? { authorization: signed } : {}) };
        const hasBody = r.method !== 'GET' && r.method !== 'HEAD';
        const res = await fetch(`${endpoints[r.service]!.url}${r.path}`, { method: r.method, headers, ...(hasBody ? { body: r.body } : {}), redirect: 'manual' });
        await res.arrayBuffer();
        // 501 is S3's own NotImplemented for what the local S3 does not do; any other 5xx is a failure here.
        expect(res.status === 501 || res.status < 500, `${r.service} ${r.method} ${r.path} ${r.target}: ${res.status}`).toBe(true);
      }),
      { numRuns: 1500 },
    );
    const kms = await fetch(endpoints.kms!.url, { method: 'POST', headers: { 'x-amz-target': 'TrentService.GetPublicKey', authorization: signed }, body: JSON.stringify({ KeyId: 'alias/geen' }) });
    expect(kms.status).toBe(400);
  });

  it('finds the access key id in any SigV4 Authorization header, and nothing in what is not one', () => {
    const keyId = fc.stringMatching(/^[A-Za-z0-9_+=.@-]{1,64}$/);
    fc.assert(
      fc.property(keyId, fc.stringMatching(/^[a-z0-9-]{1,20}$/), (id, service) => {
        expect(principalOf(`AWS4-HMAC-SHA256 Credential=${id}/20270101/eu-west-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`)).toBe(id);
        expect(principalOf(`AWS4-HMAC-SHA256 SignedHeaders=host,Credential=${id}/20270101/eu-west-1/${service}/aws4_request`)).toBe(id);
        expect(principalOfCredential(`${id}/20270101/eu-west-1/s3/aws4_request`)).toBe(id);
      }),
    );
    fc.assert(fc.property(fc.string().filter((s) => !s.includes('Credential=')), (s) => {
      expect(principalOf(s)).toBeUndefined();
    }));
    expect([principalOf(undefined), principalOf('Bearer x'), principalOf('AWS4-HMAC-SHA256 Credential=/2027/eu/s3/aws4_request'), principalOfCredential('Plan'), principalOfCredential('Plan/a/b/c/d')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
