import { posix } from 'node:path';
import { checkPdf, sanitizeFileName, type Attachment, type AttachmentProblem } from '../core/attachment.js';
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
  /** A short-lived URL that downloads the PDF at `key` as `fileName` (a presigned GET), without Lambda in between. */
  presignDownload(key: string, fileName: string): Promise<string>;
}

/** How long a presigned download stays valid: long enough to click, too short to pass around. */
export const DOWNLOAD_SECONDS = 5 * 60;

/** The Content-Disposition of a download: the name as plain ASCII, and in full (RFC 6266, 5987). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** How long a presigned upload form stays valid. */
export const TICKET_SECONDS = 60 * 60;

/** Why an uploaded key cannot be used: not under the caller's prefix, gone, or not a usable PDF. */
export type UploadProblem = 'elsewhere' | 'missing' | AttachmentProblem;

/**
 * The PDF uploaded at `key`, checked by content, with its SHA-256; a key outside `prefix` (another
 * link's, another deliverable's) is never read.
 */
export async function readUpload(documents: DocumentStore, prefix: string, key: string): Promise<{ attachment: Attachment } | { problem: UploadProblem }> {
  // Only a key already in normal form: S3 takes `a/../b` literally, a folder would not.
  if (normalKey(key) !== key || !keyUnder(key, prefix)) return { problem: 'elsewhere' };
  const bytes = await documents.read(key);
  if (!bytes) return { problem: 'missing' };
  const problem = checkPdf(bytes);
  if (problem) return { problem };
  return { attachment: { key, fileName: sanitizeFileName(key.split('/').pop() ?? ''), sizeBytes: bytes.length, sha256: sha256Hex(bytes) } };
}

/**
 * A key as a folder resolves it (`a/./b//../c` is `a/c`), or undefined for a key no store should
 * take: empty, absolute, climbing above the root, naming a folder, or with a control character or
 * backslash (a NUL ends a path; a backslash is a separator on Windows).
 */
export function normalKey(key: string): string | undefined {
  if (!key || /[\u0000-\u001f\u007f\\]/.test(key)) return undefined;
  const normal = posix.normalize(key);
  if (normal.startsWith('/') || normal === '..' || normal.startsWith('../') || normal.endsWith('/') || normal === '.') return undefined;
  return normal;
}

/** Whether `key` lies under `prefix` as a folder: `a/b/x`, not `a/bc/x`, is under `a/b`. */
export function keyUnder(key: string, prefix: string): boolean {
  const folder = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return key.startsWith(folder) && key.length > folder.length;
}

