import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { ReceiptSigner } from '../core/receipt.js';

/** A P-256 key pair on disk or in memory (local cloud and tests). */
export class LocalReceiptSigner implements ReceiptSigner {
  private readonly privateKey: KeyObject;

  constructor(
    readonly keyId: string,
    privateKeyPem: string,
  ) {
    this.privateKey = createPrivateKey(privateKeyPem);
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
  ) {}

  async sign(message: Buffer): Promise<Buffer> {
    const out = await this.kms.send(
      new SignCommand({ KeyId: this.keyId, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    return Buffer.from(out.Signature!);
  }
}
