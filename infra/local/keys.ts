import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalMacKeyring } from '../../functions/adapters/link-keys.js';
import { LocalReceiptSigner } from '../../functions/adapters/receipt-signer.js';

/**
 * The local stand-ins for the KMS keys: a link HMAC key and a receipt key pair, kept on disk so
 * links and receipts stay valid across restarts (or made in memory when no folder is given).
 */
export function localKeys(dir?: string): { linkKeys: LocalMacKeyring; receiptSigner: LocalReceiptSigner } {
  if (!dir) return { linkKeys: LocalMacKeyring.generate(), receiptSigner: LocalReceiptSigner.generate() };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const linkFile = join(dir, 'link-keys.json');
  if (!existsSync(linkFile)) {
    writeFileSync(linkFile, JSON.stringify({ current: 'local-1', keys: { 'local-1': randomBytes(32).toString('base64') } }), { mode: 0o600 });
  }
  const stored = JSON.parse(readFileSync(linkFile, 'utf8')) as { current: string; keys: Record<string, string> };
  const linkKeys = new LocalMacKeyring(
    stored.current,
    Object.fromEntries(Object.entries(stored.keys).map(([id, key]) => [id, Buffer.from(key, 'base64')])),
  );
  const receiptFile = join(dir, 'receipt-key.pem');
  if (!existsSync(receiptFile)) writeFileSync(receiptFile, LocalReceiptSigner.generate().privateKeyPem, { mode: 0o600 });
  const receiptSigner = new LocalReceiptSigner('local-receipt-1', readFileSync(receiptFile, 'utf8'));
  writeFileSync(join(dir, 'receipt-public-key.pem'), receiptSigner.publicKeyPem);
  return { linkKeys, receiptSigner };
}
