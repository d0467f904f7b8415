import { RemovalPolicy } from 'aws-cdk-lib';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** A function that can be granted and told where things are. */
export type Bindable = IGrantable & { addEnvironment(key: string, value: string): unknown };

/** The first link key's id, carried in every token it signed. */
export const FIRST_LINK_KEY_ID = 'kms-1';

export interface KeysProps {
  /** The id tokens carry for the current link key; a new id makes a new key (the old one is retained). @default 'kms-1' */
  linkKeyId?: string;
  /** Older link keys whose links are still accepted, by the id their tokens carry: `{ 'kms-1': keyArn }`. @default none */
  retiredLinkKeys?: Record<string, string>;
  /** The receipt key's generation; a new number makes a new key (the old one is retained). @default 1 */
  receiptKeyGeneration?: number;
  /** Older receipt keys whose public keys stay published, so their receipts keep verifying. @default none */
  retiredReceiptKeyArns?: string[];
}

/**
 * KMS keys: HMAC for signed links, ECC P-256 for receipts. Key material never leaves KMS, so a
 * rotation is a new key: the stack creates it for a new id or generation, and the old one, retained
 * on removal, is listed as retired until what it signed has expired (links) or forever (receipts).
 */
export class Keys extends Construct {
  readonly linkKey: Key;
  readonly linkKeyId: string;
  readonly receiptKey: Key;
  private readonly retiredLinkKeys: Record<string, string>;
  private readonly retiredReceiptKeyArns: string[];

  constructor(scope: Construct, id: string, props: KeysProps = {}) {
    super(scope, id);
    this.linkKeyId = props.linkKeyId ?? FIRST_LINK_KEY_ID;
    this.retiredLinkKeys = props.retiredLinkKeys ?? {};
    this.retiredReceiptKeyArns = props.retiredReceiptKeyArns ?? [];
    const generation = props.receiptKeyGeneration ?? 1;
    // The first keys keep the construct ids they were deployed with, so their logical ids stay.
    this.linkKey = new Key(this, this.linkKeyId === FIRST_LINK_KEY_ID ? 'LinkKey' : `LinkKey-${this.linkKeyId}`, {
      description: `prestatiecyclus: HMAC for signed links (${this.linkKeyId})`,
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.receiptKey = new Key(this, generation === 1 ? 'ReceiptKey' : `ReceiptKey${generation}`, {
      description: `prestatiecyclus: signatures on submission receipts (generation ${generation})`,
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Lets the function sign links with the current key (GenerateMac) and, for a page that opens them,
   * verify them with it and the retired ones (VerifyMac); sets LINK_KEYS.
   */
  bindLinks(fn: Bindable, use: 'sign' | 'verify' | 'sign-and-verify'): void {
    const verifies = use !== 'sign';
    const actions = [...(use === 'verify' ? [] : ['kms:GenerateMac']), ...(verifies ? ['kms:VerifyMac'] : [])];
    this.linkKey.grant(fn, ...actions);
    const retired = verifies ? this.retiredLinkKeys : {};
    if (Object.keys(retired).length) fn.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['kms:VerifyMac'], resources: Object.values(retired) }));
    fn.addEnvironment('LINK_KEYS', JSON.stringify({ current: this.linkKeyId, keys: { ...retired, [this.linkKeyId]: this.linkKey.keyArn } }));
  }

  /**
   * Lets the function sign receipts (`sign`) or publish the public keys, current and retired
   * (`publish`), or both; sets RECEIPT_KEY_ID and RETIRED_RECEIPT_KEY_IDS (empty for a signer only).
   */
  bindReceipts(fn: Bindable, uses: readonly ('sign' | 'publish')[]): void {
    const publishes = uses.includes('publish');
    if (uses.includes('sign')) this.receiptKey.grant(fn, 'kms:Sign');
    if (publishes) this.receiptKey.grant(fn, 'kms:GetPublicKey');
    const retired = publishes ? this.retiredReceiptKeyArns : [];
    if (retired.length) fn.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['kms:GetPublicKey'], resources: retired }));
    fn.addEnvironment('RECEIPT_KEY_ID', this.receiptKey.keyArn);
    fn.addEnvironment('RETIRED_RECEIPT_KEY_IDS', retired.join(','));
  }
}
