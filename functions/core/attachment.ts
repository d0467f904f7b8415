/** PDF only, checked by content: every PDF starts with these bytes, whatever its name says. */
const PDF_MAGIC = Buffer.from('%PDF-');
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface Attachment {
  key: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
}

export type AttachmentProblem = 'not-pdf' | 'too-large' | 'empty';

export function checkPdf(bytes: Buffer): AttachmentProblem | undefined {
  if (bytes.length === 0) return 'empty';
  if (bytes.length > MAX_ATTACHMENT_BYTES) return 'too-large';
  if (!bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return 'not-pdf';
  return undefined;
}

export const attachmentMessages: Record<AttachmentProblem, string> = {
  'not-pdf': 'Het bestand is geen PDF. Sla het document op als PDF en upload het opnieuw.',
  'too-large': 'Het bestand is groter dan 10 MB. Maak het kleiner (bijvoorbeeld zonder foto’s) en upload het opnieuw.',
  empty: 'Het bestand is leeg. Kies het juiste document en upload het opnieuw.',
};

/** A file name that is safe to show and store: letters, digits, dot, dash, underscore and space. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFKD').replace(/[^\w.\- ]+/g, '').replace(/\s+/g, ' ').trim().slice(0, 100);
  return clean && !/^\.+$/.test(clean) ? clean : 'document.pdf';
}
