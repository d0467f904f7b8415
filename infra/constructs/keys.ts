import { RemovalPolicy } from 'aws-cdk-lib';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** A function that can be granted and told where things are. */
export type Bindable = IGrantable & { addEnvironment(key: string, value: string): unknown };

/** The link key id carried in tokens; a rotation adds a new id and keeps the old one listed. */
export const LINK_KEY_ID = 'kms-1';

/** KMS keys: HMAC for signed links, ECC P-256 for receipts. Key material never leaves KMS. */
export class Keys extends Construct {
  readonly linkKey: Key;
  readonly receiptKey: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.linkKey = new Key(this, 'LinkKey', {
      description: 'prestatiecyclus: HMAC for signed links',
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.receiptKey = new Key(this, 'ReceiptKey', {
      description: 'prestatiecyclus: signatures on submission receipts',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets the function sign links (GenerateMac) and, for a page that opens them, verify them (VerifyMac); sets LINK_KEYS. */
  bindLinks(fn: Bindable, use: 'sign' | 'verify' | 'sign-and-verify'): void {
    const actions = [...(use === 'verify' ? [] : ['kms:GenerateMac']), ...(use === 'sign' ? [] : ['kms:VerifyMac'])];
    this.linkKey.grant(fn, ...actions);
    fn.addEnvironment('LINK_KEYS', JSON.stringify({ current: LINK_KEY_ID, keys: { [LINK_KEY_ID]: this.linkKey.keyArn } }));
  }

  /**
   * Lets the function sign receipts (`sign`) or publish the public keys (`publish`), or both; sets
   * RECEIPT_KEY_ID and RETIRED_RECEIPT_KEY_IDS.
   */
  bindReceipts(fn: Bindable, uses: readonly ('sign' | 'publish')[]): void {
    if (uses.includes('sign')) this.receiptKey.grant(fn, 'kms:Sign');
    if (uses.includes('publish')) this.receiptKey.grant(fn, 'kms:GetPublicKey');
    fn.addEnvironment('RECEIPT_KEY_ID', this.receiptKey.keyArn);
    fn.addEnvironment('RETIRED_RECEIPT_KEY_IDS', '');
  }
}
