import { KMSClient } from '@aws-sdk/client-kms';
import { z } from 'zod';
import { KmsMacKeyring } from '../../adapters/link-keys.js';
import { KmsReceiptSigner } from '../../adapters/receipt-signer.js';
import { tracer } from '../../adapters/tracer.js';
import { readEnv } from './read.js';

const linkKeys = z.string().transform((s, ctx) => {
  const parsed = z.object({ current: z.string(), keys: z.record(z.string(), z.string()) }).safeParse((() => { try { return JSON.parse(s); } catch { return undefined; } })());
  if (!parsed.success || !Object.hasOwn(parsed.data.keys, parsed.data.current)) {
    ctx.addIssue({ code: 'custom', message: 'must be {"current": id, "keys": {id: kmsKeyArn}} with the current id among the keys' });
    return z.NEVER;
  }
  return parsed.data;
});

/** KMS through the tracer; a function that uses both the link keys and the receipt key passes one client to both. */
export function kmsClient(): KMSClient {
  return tracer.captureAWSv3Client(new KMSClient({}));
}

/** The HMAC keys of links in KMS, from `LINK_KEYS`: the current key id and every key still accepted. */
export function linkKeysFromEnv(fn: string, kms = kmsClient()): KmsMacKeyring {
  const { LINK_KEYS } = readEnv(fn, z.object({ LINK_KEYS: linkKeys }));
  return new KmsMacKeyring(kms, LINK_KEYS.current, LINK_KEYS.keys);
}

/** The receipt key in KMS (`RECEIPT_KEY_ID`), and the retired ones whose public keys stay published (`RETIRED_RECEIPT_KEY_IDS`, comma-separated). */
export function receiptSignerFromEnv(fn: string, kms = kmsClient()): KmsReceiptSigner {
  const e = readEnv(fn, z.object({ RECEIPT_KEY_ID: z.string().min(1), RETIRED_RECEIPT_KEY_IDS: z.string().default('') }));
  return new KmsReceiptSigner(kms, e.RECEIPT_KEY_ID, e.RETIRED_RECEIPT_KEY_IDS.split(',').filter(Boolean));
}
