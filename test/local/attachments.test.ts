import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { MAX_ATTACHMENT_BYTES } from '../../functions/core/attachment.js';
import { samplePdf, uploadPdf } from '../../infra/local/simulate.js';
import { formKeyIn, linkFor, postForm, runCli, seedAndOpen, testCloud } from '../support.js';

/** PDFs with a submission: uploaded straight to the document store, checked by content, signed by hash. */
const clock = new ScaledClock(new Date('2027-06-01T09:00:00Z'), 1);
let cloud: LocalCloud;
let link: string;
const fields = { samenvatting: 'Het bod voor 2028: 40 nieuwe sociale huurwoningen.', naam: 'R. van Beek', namens: 'WSL' };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2027, new URL('../fixtures/document.yaml', import.meta.url));
  cloud.engine.stop();
  link = await linkFor(cloud, { instanceId: 'bod-wsl', partyId: 'wsl' });
});
afterAll(async () => cloud?.stop());

const page = async (url = link) => (await fetch(url)).text();

/** Posts a file through the page's upload form as a browser would, with `key` changed if given, and returns the store's answer. */
async function postUpload(html: string, fileName: string, bytes: Buffer, key?: (original: string) => string): Promise<Response> {
  const form = /<form method="post" action="([^"]+)" enctype="multipart\/form-data">([\s\S]*?)<\/form>/.exec(html)!;
  const body = new FormData();
  for (const [, name, value] of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    const plain = value!.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>');
    body.append(name!, name === 'key' && key ? key(plain) : plain);
  }
  body.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), fileName);
  return fetch(form[1]!.replaceAll('&amp;', '&'), { method: 'POST', body, redirect: 'manual' });
}
/** A PDF of exactly `size` bytes. */
const pdfOfSize = (size: number) => {
  const pdf = samplePdf('precies');
  return Buffer.concat([pdf, Buffer.alloc(size - pdf.length, 0x20)]);
};
const submissions = async () => (await cloud.store.cycles.loadInstance('leusden', 2027, 'bod-wsl'))!.submissions;

describe('a document deliverable', () => {
  it('offers an upload straight to the store, limited to PDF, and asks for it before anything is stored', async () => {
    const html = await page();
    expect(html).toContain(`<form method="post" action="${cloud.urls.http}/_lokaal/upload" enctype="multipart/form-data">`);
    expect(html).toContain('accept="application/pdf,.pdf"');
    const res = await postForm(link, { ...fields, formKey: formKeyIn(html) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<a href="#bestand">Upload eerst het document als PDF.</a>');
    expect(await submissions()).toHaveLength(0);
  });

  it('takes a PDF, records its SHA-256 in the signed submission, and the receipt verifies with the file', async () => {
    const pdf = samplePdf('bod 2028');
    const afterUpload = (await uploadPdf(await page(), 'Bod WSL 2028.pdf', pdf))!;
    expect(afterUpload).toContain('Ontvangen: <strong>Bod WSL 2028.pdf</strong>');
    const bijlage = /name="bijlage" value="([^"]+)"/.exec(afterUpload)![1]!;
    const check = await postForm(link, { ...fields, bijlage, formKey: formKeyIn(afterUpload), stap: 'controle' });
    expect(await check.text()).toContain('<dt>Bijlage</dt><dd>Bod WSL 2028.pdf');
    const res = await postForm(link, { ...fields, bijlage, formKey: formKeyIn(afterUpload) });
    expect(res.status).toBe(303);
    const [stored] = await submissions();
    expect(stored!.attachment).toMatchObject({ fileName: 'Bod WSL 2028.pdf', sizeBytes: pdf.length, sha256: sha256(pdf) });
    const receipt = await page(res.headers.get('location')!);
    expect(receipt).toContain(sha256(pdf));

    const dir = mkdtempSync(join(tmpdir(), 'bijlage-'));
    writeFileSync(join(dir, 'bewijs.json'), await (await fetch(`${res.headers.get('location')!}?formaat=json`)).text());
    writeFileSync(join(dir, 'sleutel.pem'), cloud.publicKeyPem);
    writeFileSync(join(dir, 'bod.pdf'), pdf);
    const changed = Buffer.from(pdf);
    changed[changed.length - 8] = changed[changed.length - 8]! ^ 1;
    writeFileSync(join(dir, 'gewijzigd.pdf'), changed);
    const verify = (file: string) => runCli('verify-receipt.ts', join(dir, 'bewijs.json'), '--key', join(dir, 'sleutel.pem'), '--file', join(dir, file));
    expect(await verify('bod.pdf')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^GELDIG: inhoud en bijlage ongewijzigd/) });
    expect(await verify('gewijzigd.pdf')).toMatchObject({ code: 1, stdout: expect.stringContaining('dit bestand is niet het ingediende bestand') });
  });

  it('refuses a file that is not a PDF, whatever its name, and stores nothing for it', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
    const afterUpload = (await uploadPdf(await page(), 'echt-een.pdf', png))!;
    expect(afterUpload).toContain('Het bestand is geen PDF.');
    expect(afterUpload).not.toContain('name="bijlage"');
    const before = (await submissions()).length;
    const key = /value="(bijlagen\/[^"]+)"/.exec(afterUpload)?.[1] ?? 'bijlagen/x';
    const res = await postForm(link, { ...fields, bijlage: key, formKey: formKeyIn(afterUpload) });
    expect(res.status).toBe(422);
    expect((await submissions()).length).toBe(before);
  });

  it('refuses files over 10 MB at the store, a tampered upload form, and a file of another link', async () => {
    const html = await page();
    expect(await uploadPdf(html, 'groot.pdf', Buffer.concat([samplePdf('groot'), Buffer.alloc(10 * 1024 * 1024)]))).toBeUndefined();
    expect(await uploadPdf(html.replace(/name="policy" value="([^"]+)"/, 'name="policy" value="$1x"'), 'x.pdf')).toBeUndefined();
    const foreign = await page(`${link}?key=${encodeURIComponent('bijlagen/leusden/2027/bod-wsl/iemand-anders/abc/bod.pdf')}`);
    expect(foreign).toContain('Dit bestand hoort niet bij uw link.');
    const escape = await page(`${link}?key=${encodeURIComponent('../../../etc/passwd')}`);
    expect(escape).toContain('Dit bestand hoort niet bij uw link.');
  });

  it('takes a PDF of exactly 10 MiB, as S3 does, and refuses one byte more with a Dutch page', async () => {
    const exact = await postUpload(await page(), 'precies.pdf', pdfOfSize(MAX_ATTACHMENT_BYTES));
    expect(exact.status).toBe(303);
    const shown = await page(exact.headers.get('location')!);
    expect(shown).toContain('Ontvangen: <strong>precies.pdf</strong>');
    const over = await postUpload(await page(), 'te-groot.pdf', pdfOfSize(MAX_ATTACHMENT_BYTES + 1));
    expect(over.status).toBe(400);
    expect(over.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(over.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await over.text()).toContain('Het bestand is groter dan 10 MB.');
  });

  it('answers a tampered upload form with a Dutch 403 page, and an empty file with a Dutch 400 page', async () => {
    const tampered = await postUpload((await page()).replace(/name="policy" value="([^"]+)"/, 'name="policy" value="$1x"'), 'x.pdf', samplePdf('x'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('Open de pagina opnieuw via de link uit uw e-mail');
    const empty = await postUpload(await page(), 'leeg.pdf', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Het bestand is leeg.');
  });

  it('cannot overwrite the submitted PDF, or write outside the store, with `../` in the upload key', async () => {
    const [submitted] = await submissions();
    const key = submitted!.attachment!.key;
    const before = await cloud.deps.documents.read(key);
    expect(sha256(before!)).toBe(submitted!.attachment!.sha256);
    // The form's key is `<link's prefix><fresh folder>/${filename}`; `../` climbs into the submitted file's folder.
    const into = (original: string) => `${original.slice(0, original.lastIndexOf('/'))}/../${key.split('/').slice(-2).join('/')}`;
    const overwrite = await postUpload(await page(), 'x.pdf', samplePdf('vervalst'), into);
    expect(overwrite.status).toBe(403);
    expect(await overwrite.text()).toContain('Upload geweigerd');
    expect(await cloud.deps.documents.read(key)).toEqual(before);
    const outside = await postUpload(await page(), 'x.pdf', samplePdf('ontsnapt'), (original) => `${original}/${'../'.repeat(12)}ontsnapt.pdf`);
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain('Upload niet gelukt');
  });
});
