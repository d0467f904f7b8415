import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { PublishedKey, ReceiptSigner } from '../core/receipt.js';

/** A P-256 key pair on disk or in memory (local cloud and tests). */
export class LocalReceiptSigner implements ReceiptSigner {
  private readonly privateKey: KeyObject;

  constructor(
    readonly keyId: string,
    privateKeyPem: string,
    /** Public keys of earlier key pairs, still published so their receipts verify. */
    private readonly retired: PublishedKey[] = [],
  ) {
    this.privateKey = createPrivateKey(privateKeyPem);
  }

  async publicKeys(): Promise<PublishedKey[]> {
    return [{ keyId: this.keyId, algorithm: 'ECDSA_SHA_256', publicKeyPem: this.publicKeyPem }, ...this.retired];
  }

  static generate(keyId = 'local-receipt-1'): LocalReceiptSigner {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return new LocalReceiptSigner(keyId, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
  }

  get publicKeyPem(): string {
    return createPublicKey(this.privateKey).export({ format: 'pem', type: 'spki' }).toString();
  }

  get privateKeyPem(): string {
    return this.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  async sign(message: Buffer): Promise<Buffer> {
    return sign('sha256', message, this.privateKey);
  }
}

/** An `ECC_NIST_P256` KMS key; its DER signatures verify with the same code as local ones. */
export class KmsReceiptSigner implements ReceiptSigner {
  constructor(
    private readonly kms: KMSClient,
    readonly keyId: string,
    /** Earlier KMS keys whose public keys stay published. */
    private readonly retiredKeyIds: string[] = [],
  ) {}

  /** A key's public half never changes: fetched from KMS once per container (again after a failure). */
  private published?: Promise<PublishedKey[]>;

  publicKeys(): Promise<PublishedKey[]> {
    this.published ??= Promise.all(
      [this.keyId, ...this.retiredKeyIds].map(async (keyId) => {
        const out = await this.kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
        const der = Buffer.from(out.PublicKey!);
        return { keyId, algorithm: 'ECDSA_SHA_256' as const, publicKeyPem: createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString() };
      }),
    ).catch((error: unknown) => {
      this.published = undefined;
      throw error;
    });
    return this.published;
  }

  async sign(message: Buffer): Promise<Buffer> {
    const out = await this.kms.send(
      new SignCommand({ KeyId: this.keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    return Buffer.from(out.Signature!);
  }
}
