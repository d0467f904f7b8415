import busboy from 'busboy';
import { maxYamlBytes } from '../core/yaml-file.js';
import { HttpProblem, type HttpEvent } from '../http/handler.js';

/**
 * A template upload on the dashboard: the file input (multipart, as a browser sends a file) or
 * the YAML carried again in a hidden field (the "Laden" step). A template may be 1 MiB, the limit
 * `npm run cycle -- check` has; the form around it gets a little room besides.
 */
export const MAX_TEMPLATE_BODY_BYTES = maxYamlBytes + 64 * 1024;

export interface TemplateForm {
  fields: Record<string, string>;
  /** The file chosen in the file input `bestand`; `tooLarge` when it is over 1 MiB (then `text` is cut off). */
  file?: { name: string; text: string; tooLarge: boolean };
}

const unreadable = () => new HttpProblem(400, 'Dit formulier kon niet worden gelezen', 'Verstuur het formulier vanaf de pagina Sjablonen zelf, met de knop eronder.');

/** Line ends as LF and no byte-order mark: a browser sends form values with CRLF, a file from Windows may have them too. */
export const normalisedYaml = (text: string) => text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

/**
 * The fields of a posted template form: 415 for another content type, 413 (in Dutch, with the
 * limit) for a body over the limit before anything is parsed, 400 for a body that is no form.
 */
export async function templateForm(event: HttpEvent): Promise<TemplateForm> {
  const type = (event.headers['content-type'] ?? '').toLowerCase();
  const multipart = type.startsWith('multipart/form-data');
  if (!multipart && !type.startsWith('application/x-www-form-urlencoded')) {
    throw new HttpProblem(415, 'Dit formulier kon niet worden gelezen', 'Verstuur het formulier vanaf de pagina Sjablonen zelf, met de knop eronder.');
  }
  const raw = !event.body ? Buffer.alloc(0) : event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.length > MAX_TEMPLATE_BODY_BYTES) {
    throw new HttpProblem(
      413,
      'Het sjabloon is te groot',
      `Een sjabloon mag hoogstens 1 MiB (${maxYamlBytes.toLocaleString('nl-NL')} bytes) zijn; dit verzoek was ${raw.length.toLocaleString('nl-NL')} bytes. Maak het bestand kleiner en kies het opnieuw op de pagina Sjablonen.`,
    );
  }
  if (!multipart) return { fields: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
  return parseMultipart(event.headers['content-type']!, raw);
}

function parseMultipart(contentType: string, raw: Buffer): Promise<TemplateForm> {
  return new Promise((resolve, reject) => {
    // A Map, not an object: a field named __proto__ stays a field.
    const fields = new Map<string, string>();
    let file: TemplateForm['file'];
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        // busboy reports its limit when a file reaches it: one byte over 1 MiB is too large, exactly 1 MiB is not.
        limits: { files: 1, fields: 20, parts: 21, fileSize: maxYamlBytes + 1, fieldSize: maxYamlBytes + 1 },
      });
    } catch {
      return reject(unreadable());
    }
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return reject(new HttpProblem(413, 'Het sjabloon is te groot', 'Een sjabloon mag hoogstens 1 MiB zijn. Maak het bestand kleiner en kies het opnieuw.'));
      fields.set(name, value);
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'bestand') return void stream.resume();
      const chunks: Buffer[] = [];
      let tooLarge = false;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (tooLarge = true));
      stream.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        // No file chosen: the browser sends an empty part without a name.
        if (info.filename || text) file = { name: info.filename ?? 'sjabloon.yaml', text: normalisedYaml(text), tooLarge };
      });
    });
    parser.on('error', () => reject(unreadable()));
    parser.on('close', () => resolve({ fields: Object.fromEntries(fields), ...(file ? { file } : {}) }));
    parser.end(raw);
  });
}
