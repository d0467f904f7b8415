import { createHash, createPublicKey, verify } from 'node:crypto';

/** JSON with keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Signs receipts with an asymmetric key (ECDSA P-256, SHA-256): a local key pair, or KMS in AWS. */
export interface ReceiptSigner {
  readonly keyId: string;
  sign(message: Buffer): Promise<Buffer>;
  /** The public key of the current key and of every older one still listed, so old receipts verify. */
  publicKeys(): Promise<PublishedKey[]>;
}

export interface PublishedKey {
  keyId: string;
  algorithm: 'ECDSA_SHA_256';
  publicKeyPem: string;
}

/** What is signed: a fixed label and the hash of the canonical content (which holds time and link id). */
export function receiptMessage(contentSha256: string): Buffer {
  return Buffer.from(`prestatiecyclus-ontvangstbewijs-v1\n${contentSha256}`);
}

export interface Receipt {
  contentSha256: string;
  signature: string;
  signatureAlgorithm: 'ECDSA_SHA_256';
  keyId: string;
}

export async function signReceipt(content: unknown, signer: ReceiptSigner): Promise<Receipt> {
  const contentSha256 = sha256Hex(canonicalJson(content));
  const signature = await signer.sign(receiptMessage(contentSha256));
  return { contentSha256, signature: signature.toString('base64'), signatureAlgorithm: 'ECDSA_SHA_256', keyId: signer.keyId };
}

/** The receipt as a file anyone can keep and check offline: the signed content and its signature. */
export interface ReceiptDocument extends Receipt {
  type: 'prestatiecyclus-ontvangstbewijs';
  formatVersion: 1;
  content: Record<string, unknown>;
}

export function receiptDocument<T extends { receipt: Receipt }>(submission: T): ReceiptDocument {
  const { receipt, ...content } = submission;
  return { type: 'prestatiecyclus-ontvangstbewijs', formatVersion: 1, content, ...receipt };
}

/** Offline check with the published public key (PEM): the content must hash to the receipt's hash. */
export function verifyReceipt(content: unknown, receipt: Receipt, publicKeyPem: string): boolean {
  const hash = sha256Hex(canonicalJson(content));
  if (hash !== receipt.contentSha256) return false;
  return verify('sha256', receiptMessage(hash), createPublicKey(publicKeyPem), Buffer.from(receipt.signature, 'base64'));
}
