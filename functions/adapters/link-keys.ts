import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { GenerateMacCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import type { MacKeyring } from '../core/link-token.js';

/** HMAC keys held in memory (local cloud and tests). Old keys stay listed so their links still verify. */
export class LocalMacKeyring implements MacKeyring {
  readonly currentKeyId: string;
  private readonly keys: Map<string, Buffer>;

  constructor(currentKeyId: string, keys: Record<string, Buffer>) {
    this.keys = new Map(Object.entries(keys));
    if (!this.keys.has(currentKeyId)) throw new Error(`current key ${currentKeyId} is not listed`);
    this.currentKeyId = currentKeyId;
  }

  static generate(keyId = 'local-1'): LocalMacKeyring {
    return new LocalMacKeyring(keyId, { [keyId]: randomBytes(32) });
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  async mac(keyId: string, data: Buffer): Promise<Buffer> {
    return createHmac('sha256', this.key(keyId)).update(data).digest();
  }

  async verify(keyId: string, data: Buffer, mac: Buffer): Promise<boolean> {
    const expected = await this.mac(keyId, data);
    return mac.length === expected.length && timingSafeEqual(mac, expected);
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`unknown key ${keyId}`);
    return key;
  }
}

/**
 * HMAC keys in KMS (`HMAC_256`): the key never leaves KMS, and VerifyMac compares on the KMS side.
 * `keys` maps the token's key id to a KMS key ARN or alias.
 */
export class KmsMacKeyring implements MacKeyring {
  constructor(
    private readonly kms: KMSClient,
    readonly currentKeyId: string,
    private readonly keys: Record<string, string>,
  ) {}

  has(keyId: string): boolean {
    return Object.hasOwn(this.keys, keyId);
  }

  async mac(keyId: string, data: Buffer): Promise<Buffer> {
    const out = await this.kms.send(
      new GenerateMacCommand({ KeyId: this.keys[keyId], Message: data, MacAlgorithm: 'HMAC_SHA_256' }),
    );
    return Buffer.from(out.Mac!);
  }

  async verify(keyId: string, data: Buffer, mac: Buffer): Promise<boolean> {
    try {
      const out = await this.kms.send(
        new VerifyMacCommand({ KeyId: this.keys[keyId], Message: data, Mac: mac, MacAlgorithm: 'HMAC_SHA_256' }),
      );
      return out.MacValid === true;
    } catch (error) {
      if ((error as { name?: string }).name === 'KMSInvalidMacException') return false;
      throw error;
    }
  }
}
