import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { LocalReceiptSigner } from '../../functions/adapters/receipt-signer.js';
import { formKeyIn, linkFor, postForm, runCli, seedAndOpen, testCloud } from '../support.js';

const dir = mkdtempSync(join(tmpdir(), 'keys-'));
const verify = (...args: string[]) => runCli('verify-receipt.ts', ...args);

it('keeps verifying old receipts after a new receipt key is introduced, with the published keys', async () => {
  const oldSigner = LocalReceiptSigner.generate('ontvangst-2027');
  const clock = new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1);

  // A receipt signed with the old key.
  const before = await testCloud({ clock, receiptSigner: oldSigner });
  await seedAndOpen(before);
  before.engine.stop();
  const link = await linkFor(before);
  const posted = await postForm(link, {
    formKey: formKeyIn(await (await fetch(link)).text()),
    standpunt: 'positief',
    advies: 'Wij adviseren positief over de voorgestelde huursomaanpassing.',
    naam: 'Secretaris HLVE',
    namens: 'HLVE',
  });
  writeFileSync(join(dir, 'bewijs.json'), await (await fetch(`${posted.headers.get('location')!}?formaat=json`)).text());
  await before.stop();

  // The key is rotated: a new current key, the old one still published.
  const oldPublished = (await oldSigner.publicKeys())[0]!;
  const newSigner = new LocalReceiptSigner('ontvangst-2028', LocalReceiptSigner.generate().privateKeyPem, [oldPublished]);
  const after = await testCloud({ clock, receiptSigner: newSigner });
  try {
    const published = await (await fetch(`${after.urls.http}/ontvangstbewijs/sleutels`)).json();
    expect((published as { keys: { keyId: string }[] }).keys.map((k) => k.keyId)).toEqual(['ontvangst-2028', 'ontvangst-2027']);
    writeFileSync(join(dir, 'sleutels.json'), JSON.stringify(published));
    writeFileSync(join(dir, 'alleen-nieuw.json'), JSON.stringify({ keys: [(await newSigner.publicKeys())[0]] }));
  } finally {
    await after.stop();
  }
  expect(await verify(join(dir, 'bewijs.json'), '--keys', join(dir, 'sleutels.json'))).toMatchObject({ code: 0, stdout: expect.stringMatching(/^GELDIG: .*sleutel ontvangst-2027/) });
  expect(await verify(join(dir, 'bewijs.json'), '--keys', join(dir, 'alleen-nieuw.json'))).toMatchObject({
    code: 1,
    stdout: 'ONGELDIG: sleutel ontvangst-2027 staat niet bij de gepubliceerde sleutels.\n',
  });
});
