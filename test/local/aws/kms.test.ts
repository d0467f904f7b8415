import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { EncryptCommand, GenerateMacCommand, GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KmsMacKeyring } from '../../../functions/adapters/link-keys.js';
import { KmsReceiptSigner } from '../../../functions/adapters/receipt-signer.js';
import { signReceipt, verifyReceipt } from '../../../functions/core/receipt.js';
import { startKms, type LocalKms } from '../../../infra/local/aws/kms.js';
import { CallRecorder } from '../../../infra/local/aws/recorder.js';
import { callInChild, credentialsOf, region, unsigned } from './support.js';

/** The local KMS, driven by the project's own KmsMacKeyring and KmsReceiptSigner through the real SDK client. */
const recorder = new CallRecorder();
const linkKey = 'arn:aws:kms:eu-west-1:000000000000:key/1111aaaa-2222-3333-4444-555566667777';
const receiptKey = 'arn:aws:kms:eu-west-1:000000000000:key/8888bbbb-2222-3333-4444-555566667777';
const secret = randomBytes(32);
let kms: LocalKms;

const client = (principal: string) => new KMSClient({ endpoint: kms.url, region, credentials: credentialsOf(principal), maxAttempts: 1 });
const entry = (principal: string, action: string, resource: string) => ({ principal, service: 'kms', action, resource });

beforeAll(async () => {
  kms = await startKms({ recorder, hmac: { [linkKey]: secret }, ecc: { [receiptKey]: generateKeyPairSync('ec', { namedCurve: 'P-256' }) }, aliases: { 'alias/links': linkKey } });
});
afterAll(() => kms?.close());
beforeEach(() => recorder.clear());

describe('the local KMS', () => {
  it('makes the HMAC-SHA-256 of the given key, and KmsMacKeyring verifies it, by ARN, bare key id or alias', async () => {
    const data = Buffer.from('v1.kms-1.leusden.hlve.huuradvies');
    const expected = createHmac('sha256', secret).update(data).digest();
    for (const name of [linkKey, linkKey.split('/').pop()!, 'alias/links', 'arn:aws:kms:eu-west-1:000000000000:alias/links']) {
      const keyring = new KmsMacKeyring(client('LinkPage'), 'kms-1', { 'kms-1': name });
      expect(await keyring.mac('kms-1', data)).toEqual(expected);
      expect(await keyring.verify('kms-1', data, expected)).toBe(true);
    }
    expect(recorder.entries).toEqual(Array.from({ length: 4 }, () => [entry('LinkPage', 'kms:GenerateMac', linkKey), entry('LinkPage', 'kms:VerifyMac', linkKey)]).flat());
  });

  it('answers a wrong MAC with KMSInvalidMacException, which KmsMacKeyring reads as false', async () => {
    const keyring = new KmsMacKeyring(client('CalendarFeed'), 'kms-1', { 'kms-1': linkKey });
    const data = Buffer.from('agenda.leusden.hlve');
    const mac = await keyring.mac('kms-1', data);
    const tampered = Buffer.from(mac);
    tampered[0]! ^= 1;
    expect(await keyring.verify('kms-1', data, tampered)).toBe(false);
    expect(await keyring.verify('kms-1', data, mac.subarray(0, 16))).toBe(false);
    expect(await keyring.verify('kms-1', Buffer.from('agenda.leusden.hlvf'), mac)).toBe(false);
    expect(recorder.by('CalendarFeed').map((e) => e.action)).toEqual(['kms:GenerateMac', 'kms:VerifyMac', 'kms:VerifyMac', 'kms:VerifyMac']);
  });

  it('signs receipts that verify with core/receipt.ts and the PEM from GetPublicKey', async () => {
    const signer = new KmsReceiptSigner(client('LinkPage'), receiptKey);
    const content = { tenantId: 'leusden', deliverable: 'huuradvies', version: 1, receivedAt: '2027-02-20T10:00:00.000Z' };
    const receipt = await signReceipt(content, signer);
    const [published] = await signer.publicKeys();
    expect(published).toMatchObject({ keyId: receiptKey, algorithm: 'ECDSA_SHA_256', publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(verifyReceipt(content, receipt, published!.publicKeyPem)).toBe(true);
    expect(verifyReceipt({ ...content, version: 2 }, receipt, published!.publicKeyPem)).toBe(false);
    // The key the endpoint holds is the one GetPublicKey publishes.
    expect(published!.publicKeyPem).toBe(kms.keys.ecc[receiptKey]!.publicKey.export({ format: 'pem', type: 'spki' }));
    expect(recorder.entries).toEqual([entry('LinkPage', 'kms:Sign', receiptKey), entry('LinkPage', 'kms:GetPublicKey', receiptKey)]);
  });

  it('refuses what KMS refuses, with the error names the SDK throws', async () => {
    const c = client('Dashboard');
    const message = Buffer.from('x');
    const failures = await Promise.all([
      c.send(new GenerateMacCommand({ KeyId: receiptKey, Message: message, MacAlgorithm: 'HMAC_SHA_256' })),
      c.send(new SignCommand({ KeyId: linkKey, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' })),
      c.send(new SignCommand({ KeyId: receiptKey, Message: message, MessageType: 'RAW', SigningAlgorithm: 'RSASSA_PSS_SHA_256' })),
      c.send(new GenerateMacCommand({ KeyId: linkKey, Message: message, MacAlgorithm: 'HMAC_SHA_512' })),
      c.send(new GenerateMacCommand({ KeyId: linkKey, Message: Buffer.alloc(4097), MacAlgorithm: 'HMAC_SHA_256' })),
      c.send(new GetPublicKeyCommand({ KeyId: linkKey })),
      c.send(new GetPublicKeyCommand({ KeyId: 'alias/onbekend' })),
      c.send(new EncryptCommand({ KeyId: linkKey, Plaintext: message })),
    ].map((call) => call.then(() => 'geslaagd', (error: Error) => error.name)));
    expect(failures).toEqual([
      'InvalidKeyUsageException',
      'InvalidKeyUsageException',
      'InvalidKeyUsageException',
      'InvalidKeyUsageException',
      'ValidationException',
      'UnsupportedOperationException',
      'NotFoundException',
      'UnsupportedOperationException',
    ]);
    // Refused calls are recorded too: IAM is asked before KMS looks at the key.
    expect(recorder.entries).toHaveLength(8);
    expect(recorder.entries).toContainEqual(entry('Dashboard', 'kms:GetPublicKey', 'arn:aws:kms:eu-west-1:000000000000:alias/onbekend'));
    expect(recorder.entries).toContainEqual(entry('Dashboard', 'kms:Encrypt', linkKey));
  });

  it('refuses unsigned and malformed requests as JSON 1.1 errors and keeps serving', async () => {
    const post = (target: string | undefined, body: string, signed = true): RequestInit => ({
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        ...(target ? { 'x-amz-target': target } : {}),
        ...(signed ? { authorization: 'AWS4-HMAC-SHA256 Credential=Act/20270101/eu-west-1/kms/aws4_request, SignedHeaders=host, Signature=00' } : {}),
      },
      body,
    });
    const valid = JSON.stringify({ KeyId: linkKey, Message: 'eA==', MacAlgorithm: 'HMAC_SHA_256' });
    const answers = [
      await unsigned(kms.url, post('TrentService.GenerateMac', valid, false)),
      await unsigned(kms.url, post('TrentService.GenerateMac', '{"KeyId":')),
      await unsigned(kms.url, post('TrentService.GenerateMac', JSON.stringify({ KeyId: linkKey, Message: 'niet base64!', MacAlgorithm: 'HMAC_SHA_256' }))),
      await unsigned(kms.url, post('TrentService.GenerateMac', JSON.stringify({ KeyId: 42, Message: 'eA==' }))),
      await unsigned(kms.url, post(undefined, valid)),
      await unsigned(kms.url, post('TrentService.VerifyMac', JSON.stringify({ KeyId: linkKey, Message: 'eA==', MacAlgorithm: 'HMAC_SHA_256' }))),
    ];
    expect(answers.map((a) => [a.status, (JSON.parse(a.text) as { __type: string }).__type])).toEqual([
      [403, 'MissingAuthenticationTokenException'],
      [400, 'SerializationException'],
      [400, 'SerializationException'],
      [400, 'ValidationException'],
      [400, 'UnknownOperationException'],
      [400, 'ValidationException'],
    ]);
    const keyring = new KmsMacKeyring(client('Act'), 'kms-1', { 'kms-1': linkKey });
    expect(await keyring.mac('kms-1', Buffer.from('x'))).toEqual(createHmac('sha256', secret).update('x').digest());
  });

  it('generates one key of each kind when given none', async () => {
    const own = await startKms({ recorder: new CallRecorder({ region: 'eu-central-1', account: '210987654321' }) });
    try {
      expect(Object.keys(own.keys.hmac)).toEqual([expect.stringMatching(/^arn:aws:kms:eu-central-1:210987654321:key\/[0-9a-f-]{36}$/)]);
      expect(Object.keys(own.keys.ecc)).toEqual([expect.stringMatching(/^arn:aws:kms:eu-central-1:210987654321:key\/[0-9a-f-]{36}$/)]);
    } finally {
      await own.close();
    }
  });

  it('takes the standard AWS_ENDPOINT_URL_KMS in a child process, the key id naming the caller', async () => {
    const out = await callInChild('kms', { keyId: linkKey, data: 'v1.kms-1.leusden' }, 'OpenCycle', { AWS_ENDPOINT_URL_KMS: kms.url });
    expect(out).toEqual({ node: expect.stringMatching(/^22\./), result: createHmac('sha256', secret).update('v1.kms-1.leusden').digest('hex') });
    expect(recorder.entries).toEqual([entry('OpenCycle', 'kms:GenerateMac', linkKey)]);
  });
});
