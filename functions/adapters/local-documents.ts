import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { MAX_ATTACHMENT_BYTES } from '../core/attachment.js';
import { attachmentDisposition, DOWNLOAD_SECONDS, keyUnder, normalKey, TICKET_SECONDS, type DocumentStore, type UploadTicket } from './documents.js';

/**
 * Why the local store refuses an upload, with S3's status: 403 for a form it did not sign or whose
 * conditions fail, 400 for the file or a key that cannot name a file.
 */
export type UploadRefusal = 'policy' | 'expired' | 'conditions' | 'content-type' | 'key' | 'too-large' | 'empty';

interface LocalPolicy {
  keyPrefix: string;
  redirect: string;
  expires: number;
}

/**
 * The local stand-in: the same form upload (an HMAC-signed policy in place of S3's), files kept in
 * a folder. The local gateway's upload route calls `accept`.
 */
export class LocalDocumentStore implements DocumentStore {
  private readonly key = randomBytes(32);

  constructor(
    private readonly dir: string,
    private readonly uploadUrl: () => string,
    private readonly downloadUrl: () => string = uploadUrl,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  async presignUpload(keyPrefix: string, redirect: string): Promise<UploadTicket> {
    const policy = Buffer.from(
      JSON.stringify({ keyPrefix, redirect, expires: Math.floor(Date.now() / 1000) + TICKET_SECONDS } satisfies LocalPolicy),
    ).toString('base64url');
    return {
      url: this.uploadUrl(),
      fields: { key: `${keyPrefix}\${filename}`, 'Content-Type': 'application/pdf', success_action_redirect: redirect, policy, signature: this.sign(policy) },
    };
  }

  /**
   * Checks a posted upload as S3 checks a presigned POST; returns where to redirect, or why not. The
   * key is normalised before it is compared with the policy's prefix: checked as posted, `prefix/../`
   * would pass and then land in another link's folder, or outside the store.
   */
  accept(fields: Record<string, string>, file: { fileName: string; bytes: Buffer; contentType: string }): { redirect: string } | { status: number; reason: UploadRefusal } {
    const signature = Buffer.from(fields.signature ?? '');
    const expected = Buffer.from(this.sign(fields.policy ?? ''));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { status: 403, reason: 'policy' };
    const policy = JSON.parse(Buffer.from(fields.policy!, 'base64url').toString('utf8')) as LocalPolicy;
    if (policy.expires * 1000 < Date.now()) return { status: 403, reason: 'expired' };
    const key = normalKey((fields.key ?? '').replace('${filename}', file.fileName));
    const path = key === undefined ? undefined : this.pathOf(key);
    if (key === undefined || path === undefined) return { status: 400, reason: 'key' };
    if (!keyUnder(key, policy.keyPrefix) || fields.success_action_redirect !== policy.redirect) return { status: 403, reason: 'conditions' };
    if (fields['Content-Type'] !== 'application/pdf') return { status: 403, reason: 'content-type' };
    // S3's content-length-range is inclusive at both ends: a file of exactly the maximum is taken.
    if (file.bytes.length < 1) return { status: 400, reason: 'empty' };
    if (file.bytes.length > MAX_ATTACHMENT_BYTES) return { status: 400, reason: 'too-large' };
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.bytes);
    } catch {
      // A folder can hold no file of the same name (`a.pdf` after `a.pdf/b.pdf`); S3 keys have no folders.
      return { status: 400, reason: 'key' };
    }
    const url = new URL(policy.redirect);
    url.searchParams.set('key', key);
    return { redirect: url.toString() };
  }

  /** A signed, expiring download address, as S3's presigned GET: key, name and expiry are signed. */
  async presignDownload(key: string, fileName: string): Promise<string> {
    const url = new URL(this.downloadUrl());
    const expires = String(Math.floor(Date.now() / 1000) + DOWNLOAD_SECONDS);
    url.searchParams.set('key', key);
    url.searchParams.set('naam', fileName);
    url.searchParams.set('verloopt', expires);
    url.searchParams.set('handtekening', this.sign(`download\n${key}\n${fileName}\n${expires}`));
    return url.toString();
  }

  /** Checks a presigned download; the file and how to name it, or the status S3 would answer. */
  async download(params: URLSearchParams): Promise<{ bytes: Buffer; disposition: string } | { status: 403 | 404 }> {
    const [key, fileName, expires] = ['key', 'naam', 'verloopt'].map((n) => params.get(n) ?? '') as [string, string, string];
    const signature = Buffer.from(params.get('handtekening') ?? '');
    const expected = Buffer.from(this.sign(`download\n${key}\n${fileName}\n${expires}`));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { status: 403 };
    if (!(Number(expires) * 1000 >= Date.now())) return { status: 403 };
    const bytes = await this.read(key);
    return bytes ? { bytes, disposition: attachmentDisposition(fileName) } : { status: 404 };
  }

  /** The file at `key`; undefined when there is none, as S3 answers NoSuchKey, also for a key outside the store. */
  async read(key: string): Promise<Buffer | undefined> {
    const path = this.pathOf(key);
    return path && statSync(path, { throwIfNoEntry: false })?.isFile() ? readFileSync(path) : undefined;
  }

  /** Where `key` lives in the folder; undefined unless strictly inside it (`docs-other/` is not inside `docs/`). */
  private pathOf(key: string): string | undefined {
    const root = resolve(this.dir);
    const path = resolve(root, key);
    return path.startsWith(root + sep) && !key.includes('\0') ? path : undefined;
  }

  private sign(policy: string): string {
    return createHmac('sha256', this.key).update(policy).digest('base64url');
  }
}
