import { formSpec, type FormValues } from '../../functions/core/forms.js';
import type { Contact, DeliverableInstance } from '../../functions/core/model.js';

/** What a simulated party fills in on its form: plausible values for every field. */
export function valuesFor(instance: DeliverableInstance, contact: Contact): FormValues {
  const values: FormValues = {};
  for (const field of formSpec(instance.kind, instance.progressItems).fields) {
    if (field.name === 'naam') values.naam = contact.name;
    else if (field.name === 'namens') values.namens = contact.partyId;
    else if (field.type === 'radio') values[field.name] = Object.keys(field.options ?? {})[0]!;
    else if (field.type === 'checkbox') values[field.name] = 'ja';
    else if (field.type === 'number') values[field.name] = '3';
    else if (field.type === 'textarea') values[field.name] = `Gesimuleerde inzending voor ${instance.title}.`;
    else values[field.name] = 'Gesimuleerd';
  }
  return values;
}

/** A small, valid PDF, as a party's document. */
export function samplePdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

/** Posts a PDF through the page's upload form and returns the page it redirects to, or undefined. */
export async function uploadPdf(page: string, fileName: string, bytes: Buffer = samplePdf(fileName)): Promise<string | undefined> {
  const form = /<form method="post" action="([^"]+)" enctype="multipart\/form-data">([\s\S]*?)<\/form>/.exec(page);
  if (!form) return undefined;
  const body = new FormData();
  for (const [, name, value] of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    body.append(name!, value!.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>'));
  }
  body.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), fileName);
  const res = await fetch(form[1]!.replaceAll('&amp;', '&'), { method: 'POST', body, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 303 || !location) return undefined;
  return (await fetch(location)).text();
}
