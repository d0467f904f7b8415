import { RemovalPolicy } from 'aws-cdk-lib';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

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

  /** LINK_KEYS as the functions read it. */
  linkKeysEnv(): string {
    return JSON.stringify({ current: LINK_KEY_ID, keys: { [LINK_KEY_ID]: this.linkKey.keyArn } });
  }

  grantLinks(grantee: IGrantable, use: 'sign' | 'sign-and-verify'): void {
    this.linkKey.grant(grantee, 'kms:GenerateMac', ...(use === 'sign-and-verify' ? ['kms:VerifyMac'] : []));
  }

  grantReceipts(grantee: IGrantable): void {
    this.receiptKey.grant(grantee, 'kms:Sign');
  }
}
