import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud.js';

// The most verbose level, set before the logger is made (its middleware restores the initial level).
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
const { SimulatedClock } = await import('../../functions/adapters/clock.js');
const { leusdenContacts } = await import('../../infra/local/seed.js');
const { deadlineMails, formKeyIn, linkIn, postForm, seedAndOpen, testCloud } = await import('../support.js');

const written: string[] = [];
const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
let cloud: LocalCloud;

beforeAll(() => {
  const capture = ((chunk: unknown) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
});
afterAll(async () => {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
  await cloud?.stop();
});

it('never logs a token, a session, an email address or submitted text, at any log level', async () => {
  const clock = new SimulatedClock(new Date('2027-01-30T10:00:00Z'));
  clock.join();
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud);
  await clock.sleepUntil(new Date('2027-02-02T10:00:00Z'));
  const link = linkIn((await deadlineMails(cloud.urls.ses))[0]!);
  const advies = 'Geheim advies: wij adviseren positief over de huursomaanpassing.';
  const bad = await postForm(link, { formKey: formKeyIn(await (await fetch(link)).text()), standpunt: 'x', advies, naam: 'Jan Jansen', namens: 'HLVE' });
  expect(bad.status).toBe(422);
  const ok = await postForm(link, { formKey: formKeyIn(await (await fetch(link)).text()), standpunt: 'positief', advies, naam: 'Jan Jansen', namens: 'HLVE' });
  expect(ok.status).toBe(303);
  await fetch(`${link.slice(0, -3)}xyz`); // a tampered link
  // The dashboard: a coordinator's session, a contact with a new address, an extension with a reason.
  const { formTokenOf } = await import('../../functions/coordinator/session.js');
  const session = { cookie: `beheer=${cloud.devToken}` };
  const base = `${cloud.urls.http}/beheer/leusden/2027`;
  const contact = await postForm(`${base}/partijen`, { formulier: formTokenOf(cloud.devToken), actie: 'toevoegen', partyId: 'hlve', naam: 'Piet Pietersen', email: 'piet.geheim@example.org' }, { headers: { 'content-type': 'application/x-www-form-urlencoded', ...session } });
  expect(contact.status).toBe(303);
  expect((await fetch(base, { headers: session })).status).toBe(200);
  clock.leave();
  await cloud.engine.settled();

  const log = written.join('');
  expect(log).toContain('"code":"SUBMITTED"'); // the log did capture the handlers
  const token = link.slice(link.lastIndexOf('/') + 1);
  for (const secret of [token, token.split('.')[3]!, cloud.devToken, cloud.devToken.split('.')[2]!, ...leusdenContacts.map((c) => c.email), 'Geheim advies', 'Jan Jansen', 'Piet Pietersen', 'piet.geheim@example.org']) {
    expect(log).not.toContain(secret);
  }
});
