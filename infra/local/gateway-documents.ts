import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { LocalDocumentStore, UploadRefusal } from '../../functions/adapters/local-documents.js';
import { attachmentMessages, MAX_ATTACHMENT_BYTES, sanitizeFileName } from '../../functions/core/attachment.js';
import { htmlResponse, type HttpResult } from '../../functions/http/handler.js';
import { messagePage } from '../../functions/views/link-pages.js';

/**
 * The local document store's two endpoints on the gateway, as S3 serves them in AWS: the browser's
 * presigned form upload, and the presigned download of a submitted PDF.
 */

/** Where the browser posts PDFs locally; S3 takes these posts in AWS, so this route is local only. */
export const LOCAL_UPLOAD_PATH = '/_lokaal/upload';
/** Where the local document store's presigned downloads point (S3's presigned GET in AWS). */
export const LOCAL_DOWNLOAD_PATH = '/_lokaal/download';

/** A Dutch page from the gateway itself (the security headers are added when it is sent). */
export const gatewayPage = (status: number, title: string, text: string): HttpResult => htmlResponse(messagePage(status, title, text));

const backToForm = 'Ga terug naar de vorige pagina en upload het document opnieuw.';
const tamperedForm = 'Dit uploadformulier is gewijzigd of hoort bij een andere pagina. Open de pagina opnieuw via de link uit uw e-mail en upload het document daar.';

/** Why the local store refused an upload, told as the person at the form needs it. */
const refusalPages: Record<UploadRefusal | 'malformed' | 'no-file', { title: string; text: string }> = {
  'too-large': { title: 'Bestand te groot', text: attachmentMessages['too-large'] },
  empty: { title: 'Bestand leeg', text: attachmentMessages.empty },
  'no-file': { title: 'Geen bestand ontvangen', text: `Kies eerst een PDF-bestand. ${backToForm}` },
  malformed: { title: 'Upload niet gelukt', text: `Het bestand kwam niet volledig of niet leesbaar aan. ${backToForm}` },
  key: { title: 'Upload niet gelukt', text: tamperedForm },
  policy: { title: 'Upload geweigerd', text: tamperedForm },
  conditions: { title: 'Upload geweigerd', text: tamperedForm },
  'content-type': { title: 'Upload geweigerd', text: tamperedForm },
  expired: { title: 'Uploadformulier verlopen', text: 'Het uploadformulier is langer dan een uur open geweest. Open de pagina opnieuw via de link uit uw e-mail en upload het document opnieuw.' },
};

/** Serves a presigned download as S3 does: the signed key, name and expiry, or a Dutch 403/404. */
export async function download(params: URLSearchParams, documents: LocalDocumentStore): Promise<HttpResult> {
  const got = await documents.download(params);
  if ('status' in got) {
    return got.status === 404
      ? gatewayPage(404, 'Document niet gevonden', 'Het document is er niet meer. Neem contact op met de coördinator van de prestatieafspraken.')
      : gatewayPage(403, 'Downloadlink verlopen', 'Een downloadlink werkt vijf minuten. Ga terug naar de pagina en klik opnieuw op de download.');
  }
  return { statusCode: 200, headers: { 'content-type': 'application/pdf', 'content-disposition': got.disposition, 'cache-control': 'private, no-store' }, body: got.bytes.toString('base64'), isBase64Encoded: true };
}

/**
 * Takes a presigned form upload as S3 does: fields first, the file last; answers 303 to the redirect,
 * or a Dutch page with S3's status (400 for the file or the form, 403 for a form it did not sign).
 */
export async function upload(req: IncomingMessage, documents: LocalDocumentStore): Promise<HttpResult> {
  const fields: Record<string, string> = {};
  let file: { fileName: string; bytes: Buffer; contentType: string } | undefined;
  let tooLarge = false;
  try {
    await new Promise<void>((done, fail) => {
      // busboy reports its limit when the file reaches it, so a file of exactly MAX_ATTACHMENT_BYTES,
      // which S3's content-length-range takes (inclusive), would count as too large: limit at one more.
      const bb = busboy({ headers: req.headers, limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1, fields: 20 } });
      bb.on('field', (name, value) => (fields[name] = value));
      bb.on('file', (_name, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => (tooLarge = true));
        // A form cut off inside the file fails the file's stream too; unheard, that error ends the process.
        stream.on('error', fail);
        stream.on('end', () => (file = { fileName: sanitizeFileName(info.filename ?? ''), bytes: Buffer.concat(chunks), contentType: info.mimeType }));
      });
      bb.on('close', done);
      bb.on('error', fail);
      req.on('error', fail);
      req.pipe(bb);
    });
  } catch {
    const page = refusalPages.malformed;
    return gatewayPage(400, page.title, page.text);
  }
  const accepted = tooLarge ? { status: 400, reason: 'too-large' as const } : file ? documents.accept(fields, file) : { status: 400, reason: 'no-file' as const };
  if ('redirect' in accepted) return { statusCode: 303, headers: { location: accepted.redirect, 'cache-control': 'no-store' }, body: '' };
  const page = refusalPages[accepted.reason];
  return gatewayPage(accepted.status, page.title, page.text);
}

