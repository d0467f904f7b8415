import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalKey, readUpload } from '../../functions/adapters/documents.js';
import { LocalDocumentStore } from '../../functions/adapters/local-documents.js';
import { MAX_ATTACHMENT_BYTES } from '../../functions/core/attachment.js';

/** The local document store takes uploads as S3 takes a presigned POST, and never writes outside its prefix or folder. */
const pdf = (text: string, size?: number) => {
  const head = Buffer.from(`%PDF-1.4\n% ${text}\n`);
  return size === undefined ? head : Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]);
};
const file = (bytes: Buffer) => ({ fileName: 'bod.pdf', bytes, contentType: 'application/pdf' });

function store() {
  const root = mkdtempSync(join(tmpdir(), 'documenten-'));
  const dir = join(root, 'docs');
  return { root, dir, documents: new LocalDocumentStore(dir, () => 'http://127.0.0.1/_lokaal/upload') };
}
const victimPrefix = 'bijlagen/leusden/2027/bod/link-b/r2/';
const attackerPrefix = 'bijlagen/leusden/2027/bod/link-a/r1/';

async function upload(documents: LocalDocumentStore, prefix: string, key: string | undefined, bytes: Buffer) {
  const ticket = await documents.presignUpload(prefix, 'http://127.0.0.1/l/token');
  return documents.accept({ ...ticket.fields, ...(key === undefined ? {} : { key }) }, file(bytes));
}

describe('the local document store', () => {
  it('normalises the key before it checks the prefix: `../` cannot overwrite another link’s PDF', async () => {
    const { documents } = store();
    const original = pdf('ingediend door B');
    expect(await upload(documents, victimPrefix, undefined, original)).toEqual({ redirect: expect.stringContaining(encodeURIComponent(`${victimPrefix}bod.pdf`)) });
    const overwrite = await upload(documents, attackerPrefix, `${attackerPrefix}../../link-b/r2/bod.pdf`, pdf('van A'));
    expect(overwrite).toEqual({ status: 403, reason: 'conditions' });
    expect(await documents.read(`${victimPrefix}bod.pdf`)).toEqual(original);
  });

  it('never writes outside its folder, and refuses keys that cannot name a file there', async () => {
    const { root, dir, documents } = store();
    for (const key of [`${attackerPrefix}../../../../../../../ontsnapt.pdf`, `${attackerPrefix}../../../../../../../../../../tmp/ontsnapt.pdf`, '/etc/ontsnapt.pdf', `${attackerPrefix}a\0.pdf`, `${attackerPrefix}a\\..\\b.pdf`, `${attackerPrefix}map/`, '']) {
      expect(await upload(documents, attackerPrefix, key, pdf('x')), JSON.stringify(key)).toMatchObject({ status: 400, reason: 'key' });
    }
    expect(existsSync(join(root, 'ontsnapt.pdf'))).toBe(false);
    expect(existsSync(join(dir, '..', 'ontsnapt.pdf'))).toBe(false);
    expect(existsSync(join(tmpdir(), 'ontsnapt.pdf'))).toBe(false);
  });

  it('takes a key under the prefix only as a folder: `link-a/` does not cover `link-ab/`', async () => {
    const { documents } = store();
    expect(await upload(documents, 'bijlagen/leusden/2027/bod/link-a', 'bijlagen/leusden/2027/bod/link-ab/bod.pdf', pdf('x'))).toEqual({ status: 403, reason: 'conditions' });
    expect(await upload(documents, 'bijlagen/leusden/2027/bod/link-a', 'bijlagen/leusden/2027/bod/link-a', pdf('x'))).toEqual({ status: 403, reason: 'conditions' });
    expect(await upload(documents, 'bijlagen/leusden/2027/bod/link-a', 'bijlagen/leusden/2027/bod/link-a/./r//bod.pdf', pdf('x'))).toEqual({
      redirect: expect.stringContaining(encodeURIComponent('bijlagen/leusden/2027/bod/link-a/r/bod.pdf')),
    });
  });

  it('reads nothing outside its folder, not even from a folder whose name starts the same', async () => {
    const { root, documents } = store();
    mkdirSync(join(root, 'docs-ander'), { recursive: true });
    writeFileSync(join(root, 'docs-ander', 'geheim.pdf'), pdf('geheim'));
    expect(await documents.read('../docs-ander/geheim.pdf')).toBeUndefined();
    expect(await documents.read('../docs/../docs-ander/geheim.pdf')).toBeUndefined();
    expect(await documents.read('a\0b')).toBeUndefined();
  });

  it('answers a folder as missing instead of failing on it', async () => {
    const { documents } = store();
    await upload(documents, victimPrefix, undefined, pdf('x'));
    expect(await documents.read(victimPrefix)).toBeUndefined();
    expect(await readUpload(documents, 'bijlagen/leusden/2027/bod/link-b/', victimPrefix)).toEqual({ problem: 'elsewhere' });
    expect(await readUpload(documents, 'bijlagen/leusden/2027/bod/link-b/', `${victimPrefix}ander.pdf`)).toEqual({ problem: 'missing' });
  });

  it('takes a file of exactly 10 MiB, as S3’s content-length-range does, and refuses one byte more or an empty one', async () => {
    const { documents } = store();
    const max = pdf('max', MAX_ATTACHMENT_BYTES);
    const accepted = await upload(documents, victimPrefix, undefined, max);
    expect(accepted).toHaveProperty('redirect');
    expect((await documents.read(`${victimPrefix}bod.pdf`))!.length).toBe(MAX_ATTACHMENT_BYTES);
    const read = await readUpload(documents, 'bijlagen/leusden/2027/bod/link-b/', `${victimPrefix}bod.pdf`);
    expect(read).toMatchObject({ attachment: { sizeBytes: MAX_ATTACHMENT_BYTES } });
    expect(await upload(documents, attackerPrefix, undefined, pdf('te groot', MAX_ATTACHMENT_BYTES + 1))).toEqual({ status: 400, reason: 'too-large' });
    expect(await upload(documents, attackerPrefix, undefined, Buffer.alloc(0))).toEqual({ status: 400, reason: 'empty' });
  });

  it('refuses a form it did not sign (403) and lets a key through readUpload only in normal form', async () => {
    const { documents } = store();
    const ticket = await documents.presignUpload(attackerPrefix, 'http://127.0.0.1/l/token');
    expect(documents.accept({ ...ticket.fields, policy: `${ticket.fields.policy}x` }, file(pdf('x')))).toEqual({ status: 403, reason: 'policy' });
    expect(documents.accept({ ...ticket.fields, success_action_redirect: 'https://elders.example' }, file(pdf('x')))).toEqual({ status: 403, reason: 'conditions' });
    expect(documents.accept({ ...ticket.fields, 'Content-Type': 'text/html' }, file(pdf('x')))).toEqual({ status: 403, reason: 'content-type' });
    expect(await readUpload(documents, attackerPrefix, `${attackerPrefix}../r1/bod.pdf`)).toEqual({ problem: 'elsewhere' });
    expect(normalKey('a/./b//c.pdf')).toBe('a/b/c.pdf');
    expect(normalKey('a/b/../../../c.pdf')).toBeUndefined();
  });
});
