import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allows, environmentOf, statementsOf, synthesize } from './support.js';

const oldLinkKey = 'arn:aws:kms:eu-west-1:111122223333:key/1111aaaa-11aa-11aa-11aa-111111aaaaaa';
const oldReceiptKeys = ['arn:aws:kms:eu-west-1:111122223333:key/2222bbbb-22bb-22bb-22bb-222222bbbbbb', 'arn:aws:kms:eu-west-1:111122223333:key/3333cccc-33cc-33cc-33cc-333333cccccc'];
let built: ReturnType<typeof synthesize>;
beforeAll(() => {
  built = synthesize({ linkKeyId: 'kms-2', retiredLinkKeys: `kms-1=${oldLinkKey}`, receiptKeyGeneration: '2', retiredReceiptKeyArns: oldReceiptKeys.join(',') });
});
afterAll(() => built.cleanUp());

/** LINK_KEYS as the function will parse it, with the new key's ARN (a GetAtt) as a marker. */
function linkKeysOf(fn: string): { current: string; keys: Record<string, string> } {
  const value = environmentOf(built.json, fn).LINK_KEYS as { 'Fn::Join': [string, unknown[]] };
  const text = value['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'NEW-KEY-ARN')).join('');
  return JSON.parse(text) as { current: string; keys: Record<string, string> };
}

describe('rotating the keys from the context', () => {
  it('creates a new HMAC and receipt key for the new id and generation (the old ones are retained outside the stack)', () => {
    const keys = Object.entries(built.json.Resources).filter(([, r]) => r.Type === 'AWS::KMS::Key');
    const link = keys.filter(([, r]) => r.Properties.KeySpec === 'HMAC_256');
    const receipt = keys.filter(([, r]) => r.Properties.KeySpec === 'ECC_NIST_P256');
    expect(link.map(([id]) => id)).toEqual([expect.stringMatching(/^KeysLinkKeykms2/)]);
    expect(link[0]![1].Properties.Description).toContain('(kms-2)');
    expect(receipt.map(([id]) => id)).toEqual([expect.stringMatching(/^KeysReceiptKey2/)]);
  });

  it('signs new links with kms-2, and still accepts kms-1 links where links are opened', () => {
    for (const opener of ['LinkPage', 'CalendarFeed']) {
      expect(linkKeysOf(opener)).toEqual({ current: 'kms-2', keys: { 'kms-1': oldLinkKey, 'kms-2': 'NEW-KEY-ARN' } });
      expect(allows(statementsOf(built.json, opener), 'kms:VerifyMac', oldLinkKey)).toBe(true);
    }
    for (const signer of ['Act', 'SendCalendars', 'ManageLinks', 'Dashboard']) {
      expect(linkKeysOf(signer)).toEqual({ current: 'kms-2', keys: { 'kms-2': 'NEW-KEY-ARN' } });
      expect(JSON.stringify(statementsOf(built.json, signer))).not.toContain(oldLinkKey);
    }
  });

  it('publishes the retired receipt keys where the public keys are published, and grants GetPublicKey on each there only', () => {
    // The link page checks receipts on the read page, so it publishes too.
    for (const publisher of ['ReceiptKeys', 'Dashboard', 'LinkPage']) {
      expect(environmentOf(built.json, publisher).RETIRED_RECEIPT_KEY_IDS).toBe(oldReceiptKeys.join(','));
      for (const arn of oldReceiptKeys) expect(allows(statementsOf(built.json, publisher), 'kms:GetPublicKey', arn)).toBe(true);
    }
    // A function that neither signs nor checks receipts knows none of their keys.
    expect(environmentOf(built.json, 'Act').RETIRED_RECEIPT_KEY_IDS).toBeUndefined();
    expect(JSON.stringify(statementsOf(built.json, 'Act'))).not.toMatch(/2222bbbb|3333cccc/);
  });

  it('grants the retired keys nothing but verifying and publishing', () => {
    const actions = Object.values(built.json.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement)
      .filter((s) => [oldLinkKey, ...oldReceiptKeys].some((arn) => JSON.stringify(s.Resource).includes(arn)))
      .flatMap((s) => ([] as string[]).concat(s.Action));
    expect(new Set(actions)).toEqual(new Set(['kms:VerifyMac', 'kms:GetPublicKey']));
  });
});
