import { describe, expect, it } from 'vitest';
import { LocalReceiptSigner } from '../../functions/adapters/receipt-signer.js';
import { canonicalJson, signReceipt, verifyReceipt } from '../../functions/core/receipt.js';

const content = {
  tenantId: 'leusden',
  year: 2027,
  instanceId: 'huuradvies',
  version: 1,
  submittedAt: '2027-02-20T09:12:00.000Z',
  linkId: 'abc',
  fields: { advies: 'Wij adviseren positief.', standpunt: 'positief' },
};

describe('receipts', () => {
  it('hash the same content the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"e":2,"f":1}]},"b":1}');
  });

  it('verify offline with the public key, and stop verifying when one character changes', async () => {
    const signer = LocalReceiptSigner.generate('test-1');
    const receipt = await signReceipt(content, signer);
    expect(receipt.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyReceipt(content, receipt, signer.publicKeyPem)).toBe(true);
    const changed = { ...content, fields: { ...content.fields, advies: 'Wij adviseren negatief.' } };
    expect(verifyReceipt(changed, receipt, signer.publicKeyPem)).toBe(false);
    expect(verifyReceipt(content, { ...receipt, contentSha256: '0'.repeat(64) }, signer.publicKeyPem)).toBe(false);
  });

  it('do not verify with another key', async () => {
    const receipt = await signReceipt(content, LocalReceiptSigner.generate('a'));
    expect(verifyReceipt(content, receipt, LocalReceiptSigner.generate('b').publicKeyPem)).toBe(false);
  });
});
