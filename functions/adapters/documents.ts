import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { checkPdf, MAX_ATTACHMENT_BYTES, sanitizeFileName, type Attachment, type AttachmentProblem } from '../core/attachment.js';
import { sha256Hex } from '../core/receipt.js';

/** A form the browser posts the file to, straight to storage, limited to one key prefix, size and type. */
export interface UploadTicket {
  url: string;
  fields: Record<string, string>;
}

/** Where submitted PDFs live: S3 in AWS, a folder locally; both take uploads the same way. */
export interface DocumentStore {
  /**
   * A presigned form upload under `keyPrefix` (the file name is appended by the store), at most
   * MAX_ATTACHMENT_BYTES, content type application/pdf, that redirects to `redirect` with `key`.
   */
  presignUpload(keyPrefix: string, redirect: string): Promise<UploadTicket>;
  read(key: string): Promise<Buffer | undefined>;
}

const TICKET_SECONDS = 60 * 60;

/** Why an uploaded key cannot be used: not under the caller's prefix, gone, or not a usable PDF. */
export type UploadProblem = 'elsewhere' | 'missing' | AttachmentProblem;

/**
 * The PDF uploaded at `key`, checked by content, with its SHA-256; a key outside `prefix` (another
 * link's, another deliverable's) is never read.
 */
export async function readUpload(documents: DocumentStore, prefix: string, key: string): Promise<{ attachment: Attachment } | { problem: UploadProblem }> {
  if (!key.startsWith(prefix) || key.includes('..')) return { problem: 'elsewhere' };
  const bytes = await documents.read(key);
  if (!bytes) return { problem: 'missing' };
  const problem = checkPdf(bytes);
  if (problem) return { problem };
  return { attachment: { key, fileName: sanitizeFileName(key.split('/').pop() ?? ''), sizeBytes: bytes.length, sha256: sha256Hex(bytes) } };
}

/** S3, private and encrypted; the browser uploads with a presigned POST, never through Lambda. */
export class S3DocumentStore implements DocumentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async presignUpload(keyPrefix: string, redirect: string): Promise<UploadTicket> {
    return createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: `${keyPrefix}\${filename}`,
      Conditions: [
        ['starts-with', '$key', keyPrefix],
        ['content-length-range', 1, MAX_ATTACHMENT_BYTES],
        ['eq', '$Content-Type', 'application/pdf'],
        ['eq', '$success_action_redirect', redirect],
      ],
      Fields: { 'Content-Type': 'application/pdf', success_action_redirect: redirect },
      Expires: TICKET_SECONDS,
    });
  }

  async read(key: string): Promise<Buffer | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}

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

  /** Checks a posted upload as S3 checks a presigned POST; returns where to redirect, or why not. */
  accept(fields: Record<string, string>, file: { fileName: string; bytes: Buffer; contentType: string }): { redirect: string } | { status: number; reason: string } {
    const signature = Buffer.from(fields.signature ?? '');
    const expected = Buffer.from(this.sign(fields.policy ?? ''));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { status: 403, reason: 'policy' };
    const policy = JSON.parse(Buffer.from(fields.policy!, 'base64url').toString('utf8')) as LocalPolicy;
    if (policy.expires * 1000 < Date.now()) return { status: 403, reason: 'expired' };
    const key = (fields.key ?? '').replace('${filename}', file.fileName);
    if (!key.startsWith(policy.keyPrefix) || fields.success_action_redirect !== policy.redirect) return { status: 403, reason: 'conditions' };
    if (fields['Content-Type'] !== 'application/pdf') return { status: 403, reason: 'content-type' };
    if (file.bytes.length < 1 || file.bytes.length > MAX_ATTACHMENT_BYTES) return { status: 400, reason: 'EntityTooLarge' };
    const path = this.pathOf(key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes);
    const url = new URL(policy.redirect);
    url.searchParams.set('key', key);
    return { redirect: url.toString() };
  }

  async read(key: string): Promise<Buffer | undefined> {
    const path = this.pathOf(key);
    return existsSync(path) ? readFileSync(path) : undefined;
  }

  private pathOf(key: string): string {
    const path = resolve(this.dir, key);
    if (!path.startsWith(resolve(this.dir))) throw new Error('key outside the store');
    return path;
  }

  private sign(policy: string): string {
    return createHmac('sha256', this.key).update(policy).digest('base64url');
  }
}

