import { createHmac, generateKeyPairSync, randomBytes, randomUUID, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { decodeBase64, listen, parseJsonObject, readBody, sendJson, sendJsonError, targetOperation, type LocalEndpoint } from './http.js';
import { principalOf, type CallRecorder } from './recorder.js';

export interface EccKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** The keys the local KMS holds, by key ARN. */
export interface KmsKeys {
  /** `HMAC_256` keys (GenerateMac, VerifyMac with HMAC_SHA_256): their secret bytes. */
  hmac: Record<string, Buffer>;
  /** `ECC_NIST_P256` keys (Sign with ECDSA_SHA_256, GetPublicKey). */
  ecc: Record<string, EccKeyPair>;
}

export interface LocalKmsOptions {
  recorder: CallRecorder;
  /** @default one generated key of each kind, in the recorder's region and account */
  hmac?: Record<string, Buffer>;
  ecc?: Record<string, EccKeyPair>;
  /** Alias names (`alias/links`) to key ARNs; the alias ARN resolves too. */
  aliases?: Record<string, string>;
  /** @default 0, a free port */
  port?: number;
}

export interface LocalKms extends LocalEndpoint {
  /** The keys in use, given or generated. */
  keys: KmsKeys;
}

type Key = { arn: string } & ({ kind: 'hmac'; secret: Buffer } | { kind: 'ecc'; pair: EccKeyPair });
type Answer = { status: number; body: unknown } | { status: number; error: string; message: string };

const fail = (error: string, message: string, status = 400): Answer => ({ status, error, message });
/** KMS takes at most 4096 bytes in Message for GenerateMac, VerifyMac and Sign (RAW). */
const MAX_MESSAGE = 4096;

/**
 * KMS (JSON 1.1, `TrentService.<Op>`) for exactly what the functions call: GenerateMac and
 * VerifyMac (links, KmsMacKeyring), Sign and GetPublicKey (receipts, KmsReceiptSigner). Every call
 * is recorded against the key's ARN, whatever form of KeyId named it.
 */
export async function startKms(options: LocalKmsOptions): Promise<LocalKms> {
  const { recorder } = options;
  const generated = !options.hmac && !options.ecc;
  const keys: KmsKeys = {
    hmac: options.hmac ?? (generated ? { [recorder.arn('kms', `key/${randomUUID()}`)]: randomBytes(32) } : {}),
    ecc: options.ecc ?? (generated ? { [recorder.arn('kms', `key/${randomUUID()}`)]: generateKeyPairSync('ec', { namedCurve: 'P-256' }) } : {}),
  };
  const byId = new Map<string, Key>();
  const add = (key: Key) => {
    byId.set(key.arn, key);
    byId.set(key.arn.slice(key.arn.lastIndexOf('/') + 1), key);
  };
  for (const [arn, secret] of Object.entries(keys.hmac)) add({ arn, kind: 'hmac', secret });
  for (const [arn, pair] of Object.entries(keys.ecc)) add({ arn, kind: 'ecc', pair });
  for (const [alias, arn] of Object.entries(options.aliases ?? {})) {
    const key = byId.get(arn);
    if (!key) throw new Error(`alias ${alias} names no key of this KMS: ${arn}`);
    byId.set(alias, key);
    byId.set(recorder.arn('kms', alias), key);
  }

  /** The ARN IAM would check for an unknown KeyId, so even a refused call shows what was asked for. */
  const askedFor = (keyId: string) => (keyId.startsWith('arn:') ? keyId : recorder.arn('kms', keyId.startsWith('alias/') ? keyId : `key/${keyId}`));

  const endpoint = await listen(
    'kms',
    async (req, res, requestId) => {
      const reply = (answer: Answer) => send(res, requestId, answer);
      const principal = principalOf(req.headers.authorization);
      if (!principal) return reply(fail('MissingAuthenticationTokenException', 'Request is missing Authentication Token', 403));
      const operation = targetOperation(req, 'TrentService');
      const input = parseJsonObject(await readBody(req, 1024 * 1024));
      if (!operation) return reply(fail('UnknownOperationException', 'Unknown operation'));
      if (!input) return reply(fail('SerializationException', 'Request body is not a JSON object'));
      const keyId = typeof input.KeyId === 'string' && input.KeyId ? input.KeyId : undefined;
      const key = keyId ? byId.get(keyId) : undefined;
      recorder.record(principal, `kms:${operation}`, [key?.arn ?? (keyId ? askedFor(keyId) : '*')]);
      if (!['GenerateMac', 'VerifyMac', 'Sign', 'GetPublicKey'].includes(operation)) return reply(fail('UnsupportedOperationException', `The local KMS does not support ${operation}`));
      if (!keyId) return reply(fail('ValidationException', 'KeyId is required'));
      if (!key) return reply(fail('NotFoundException', `Key '${askedFor(keyId)}' does not exist`));
      return reply(answer(operation, key, input));
    },
    (res, requestId, error) =>
      send(res, requestId, error instanceof Error && error.name === 'BodyTooLarge' ? fail('ValidationException', 'Request too large') : fail('KMSInternalException', 'The local KMS failed', 500)),
    options.port,
  );
  return { ...endpoint, keys };
}

function send(res: ServerResponse, requestId: string, answer: Answer): void {
  if ('error' in answer) sendJsonError(res, requestId, '1.1', answer.status, answer.error, answer.message);
  else sendJson(res, requestId, '1.1', answer.status, answer.body);
}

function answer(operation: string, key: Key, input: Record<string, unknown>): Answer {
  if (operation === 'GetPublicKey') {
    // KMS has no public half of a symmetric (HMAC) key and says so with this error.
    if (key.kind !== 'ecc') return fail('UnsupportedOperationException', `${key.arn} key usage is GENERATE_VERIFY_MAC which is not valid for GetPublicKey.`);
    const der = key.pair.publicKey.export({ format: 'der', type: 'spki' });
    return ok({ KeyId: key.arn, PublicKey: der.toString('base64'), KeySpec: 'ECC_NIST_P256', CustomerMasterKeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256'] });
  }
  if (input.Message === undefined) return fail('ValidationException', 'Message is required');
  const message = decodeBase64(input.Message);
  if (!message) return fail('SerializationException', 'Message must be base64');
  if (message.length < 1 || message.length > MAX_MESSAGE) return fail('ValidationException', `Message must be 1 to ${MAX_MESSAGE} bytes`);
  if (operation === 'Sign') {
    if (key.kind !== 'ecc') return fail('InvalidKeyUsageException', `${key.arn} key usage is GENERATE_VERIFY_MAC which is not valid for signing.`);
    if (input.SigningAlgorithm !== 'ECDSA_SHA_256') return fail('InvalidKeyUsageException', `Algorithm ${String(input.SigningAlgorithm)} is incompatible with key spec ECC_NIST_P256.`);
    // DIGEST would need signing a prehashed value, which node:crypto's sign() does not do for ECDSA; no function sends it.
    if ((input.MessageType ?? 'RAW') !== 'RAW') return fail('ValidationException', 'The local KMS signs MessageType RAW only');
    // node:crypto signs ECDSA as DER (r, s), which is also what KMS returns.
    return ok({ KeyId: key.arn, Signature: sign('sha256', message, key.pair.privateKey).toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' });
  }
  if (key.kind !== 'hmac') return fail('InvalidKeyUsageException', `${key.arn} key usage is SIGN_VERIFY which is not valid for ${operation}.`);
  if (input.MacAlgorithm !== 'HMAC_SHA_256') return fail('InvalidKeyUsageException', `Algorithm ${String(input.MacAlgorithm)} is incompatible with key spec HMAC_256.`);
  const mac = createHmac('sha256', key.secret).update(message).digest();
  if (operation === 'GenerateMac') return ok({ KeyId: key.arn, Mac: mac.toString('base64'), MacAlgorithm: 'HMAC_SHA_256' });
  if (input.Mac === undefined) return fail('ValidationException', 'Mac is required');
  const given = decodeBase64(input.Mac);
  if (!given) return fail('SerializationException', 'Mac must be base64');
  // KMS never answers MacValid: false: a wrong MAC is this error, which KmsMacKeyring turns into false.
  if (given.length !== mac.length || !timingSafeEqual(given, mac)) return fail('KMSInvalidMacException', 'The MAC is not valid for the message');
  return ok({ KeyId: key.arn, MacValid: true, MacAlgorithm: 'HMAC_SHA_256' });
}

function ok(body: unknown): Answer {
  return { status: 200, body };
}
