import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { seedTenant } from '../../infra/local/seed.js';
import { forwardSlotId } from '../../functions/services/forwarding.js';
import { formKeyIn, huuradviesTemplate, inbox, linkFor, postForm, tableScan, testCloud } from '../support.js';

// The huuradvies (HLVE) is for WSL and the gemeente: each of their contacts gets it, once.
const clock = new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1);
let cloud: LocalCloud;
const advice = { standpunt: 'positief', advies: 'Wij adviseren positief over de huursomaanpassing.', naam: 'Secretaris HLVE', namens: 'HLVE' };

const get = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, headers: res.headers, body: await res.text() };
};
const linkOf = (text: string, path: 'lezen' | 'partij') => new RegExp(`(http://127\\.0\\.0\\.1:\\d+/${path}/[A-Za-z0-9._-]+)`).exec(text)?.[1];
const forwards = async () => (await inbox(cloud.urls.ses)).filter((m) => m.subject.startsWith('Ontvangen van'));

async function submitAdvice(fields = advice) {
  const link = await linkFor(cloud);
  const formKey = formKeyIn((await get(link)).body);
  const stored = await postForm(link, { ...fields, formKey, stap: 'bevestigen' });
  expect(stored.status).toBe(303);
}

beforeAll(async () => {
  cloud = await testCloud({ clock });
  await seedTenant(cloud.store, 'leusden', 'Gemeente Leusden', huuradviesTemplate);
  const open = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027/open`, { method: 'POST', headers: { authorization: `Bearer ${cloud.devToken}` } });
  expect(open.status).toBe(202);
  await cloud.engine.ended('open-leusden-2027');
  cloud.engine.stop();
  await submitAdvice();
});
afterAll(async () => cloud?.stop());

describe('a submitted version reaches the parties it is for', () => {
  it('mails each contact of each informed party once, saying what came in, from whom and on time, with a read link and the party page', async () => {
    const mails = await forwards();
    expect(mails.map((m) => m.destination.to[0]).sort()).toEqual(['bestuurder.wsl@example.org', 'coordinator.wonen@example.org']);
    const text = mails[0]!.body.text!;
    expect(text).toContain('Huurders Leusden Voor Elkaar (HLVE) heeft „Huuradvies over de jaarlijkse huursomaanpassing” ingediend op');
    expect(text).toContain('op tijd');
    expect(linkOf(text, 'lezen')).toBeDefined();
    expect(linkOf(text, 'partij')).toBeDefined();
    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    expect(records.notices.filter((n) => n.slotId === forwardSlotId(1)).map((n) => `${n.partyId}/${n.state}`).sort()).toEqual(['gemeente-leusden/sent', 'wsl/sent']);
    expect(await cloud.store.submissions.pendingForwards('leusden', 2027)).toEqual([]);
    // The reconciler finds nothing left to forward, and mails nobody twice.
    expect((await cloud.reconcile([2027])).forwarded).toBe(0);
    expect(await forwards()).toHaveLength(2);
  });

  it('the read link shows the version and its checked receipt; GET and HEAD change nothing; one POST confirms, once', async () => {
    const mail = (await forwards()).find((m) => m.destination.to[0] === 'bestuurder.wsl@example.org')!;
    const read = linkOf(mail.body.text!, 'lezen')!;
    const scan = tableScan(cloud);
    const before = await scan();
    const shown = await get(read);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('Wij adviseren positief over de huursomaanpassing.');
    expect(shown.body).toContain('De handtekening is gecontroleerd met de gepubliceerde sleutel en klopt');
    expect(shown.body).toContain('Ontvangst van versie 1 bevestigen');
    expect((await get(read, { method: 'HEAD' })).status).toBe(200);
    expect(await scan()).toEqual(before);

    const confirmed = await postForm(read, { versie: '1' });
    expect(confirmed.status).toBe(303);
    expect((await postForm(read, { versie: '1' })).status).toBe(303);
    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    expect(records.confirmations.map((c) => `${c.partyId}/${c.contactId}/v${c.version}`)).toEqual(['wsl/bestuurder/v1']);
    expect(records.audit.filter((a) => a.action === 'ontvangst bevestigd')).toHaveLength(1);
    expect((await get(read)).body).toContain('U hebt de ontvangst van versie 1 bevestigd op');
    expect((await postForm(read, { versie: '7' })).status).toBe(400);
  });

  it('the party page shows what the party received and that it confirmed; it opens nothing of another purpose', async () => {
    const mail = (await forwards()).find((m) => m.destination.to[0] === 'bestuurder.wsl@example.org')!;
    const party = await get(linkOf(mail.body.text!, 'partij')!);
    expect(party.status).toBe(200);
    expect(party.body).toContain('Mijn prestatieafspraken 2027');
    expect(party.body).toContain('Huuradvies over de jaarlijkse huursomaanpassing</a> van Huurders Leusden Voor Elkaar (HLVE)');
    expect(party.body).toContain('ontvangst bevestigd door u op');
    // A read token never opens a form, and a submission token never opens a read page.
    const read = linkOf(mail.body.text!, 'lezen')!;
    expect((await get(read.replace('/lezen/', '/l/'))).status).toBe(404);
    const submit = await linkFor(cloud);
    expect((await get(submit.replace('/l/', '/lezen/'))).status).toBe(404);
    expect((await get(submit.replace('/l/', '/partij/'))).status).toBe(404);
  });

  it('the coordinator revokes a read link and reissues it: the old one is refused, the new one opens', async () => {
    const old = linkOf((await forwards()).find((m) => m.destination.to[0] === 'bestuurder.wsl@example.org')!.body.text!, 'lezen')!;
    const reissue = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027/deliverables/huuradvies/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cloud.devToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ actie: 'opnieuw-versturen', partyId: 'wsl', contactId: 'bestuurder', reden: 'mail kwijtgeraakt' }),
    });
    expect(reissue.status).toBe(200);
    expect(((await reissue.json()) as { nieuweLinkVerstuurd: boolean }).nieuweLinkVerstuurd).toBe(true);
    expect((await get(old)).status).toBe(410);
    const renewed = (await inbox(cloud.urls.ses)).filter((m) => m.subject.startsWith('Nieuwe link') && m.destination.to[0] === 'bestuurder.wsl@example.org');
    expect(renewed).toHaveLength(1);
    const fresh = await get(linkOf(renewed[0]!.body.text!, 'lezen')!);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toContain('Wij adviseren positief over de huursomaanpassing.');
  });

  it('a new version is forwarded again, as version 2, to each recipient once', async () => {
    await submitAdvice({ ...advice, advies: 'Aangevuld advies: ook de verdeling over de huurders is besproken.' });
    const mails = await forwards();
    expect(mails).toHaveLength(4);
    expect(mails.filter((m) => m.subject.includes('(versie 2)'))).toHaveLength(2);
  });
});
