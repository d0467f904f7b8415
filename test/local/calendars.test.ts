import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { inbox, seedAndOpen, testCloud } from '../support.js';

const template = new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
// A clock that barely moves, on 1 December 2020: the cycle 2021 has just been opened.
const clock = new ScaledClock(new Date('2020-12-01T09:00:00Z'), 1);
let cloud: LocalCloud;

const events = (ics: string) =>
  new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));

beforeAll(async () => {
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2021, template);
});
afterAll(async () => cloud?.stop());

async function calendarMail(to: string) {
  const mail = (await inbox(cloud.urls.ses)).find((m) => m.subject.startsWith('Jaarkalender') && m.destination.to[0] === to);
  if (!mail) throw new Error(`no calendar mail to ${to}`);
  return mail;
}

describe('the year calendars', () => {
  it('reach every contact when the cycle opens, once, with the party\'s deadlines as an ICS attachment', async () => {
    const mails = (await inbox(cloud.urls.ses)).filter((m) => m.subject.startsWith('Jaarkalender'));
    expect(mails.map((m) => m.destination.to[0]).sort()).toEqual(
      ['bestuurder.wsl@example.org', 'coordinator.wonen@example.org', 'regio.alliantie@example.org', 'secretaris.hlve@example.org'],
    );
    const hlve = await calendarMail('secretaris.hlve@example.org');
    expect(hlve.subject).toBe('Jaarkalender prestatieafspraken 2021 voor Stichting Huurders Leusden Voor Elkaar (HLVE), mede namens HBVA-A');
    const [attachment] = hlve.attachments;
    expect(attachment?.contentType).toContain('text/calendar');
    const ics = Buffer.from(attachment!.content, 'base64').toString('utf8');
    const huuradvies = events(ics).find((e) => e.uid.endsWith('-2021-huuradvies@prestatiecyclus'));
    expect(huuradvies?.startDate.toString()).toBe('2021-02-28');
    // HLVE's calendar holds exactly the dated deadlines HLVE delivers or is told of.
    const records = await cloud.store.cycles.loadCycle('leusden', 2021);
    const expected = records
      .map((r) => r.instance)
      .filter((i) => i.timing.state === 'dated' && (i.responsible === 'hlve' || i.inform.includes('hlve')))
      .map((i) => `leusden-2020-2022-2021-${i.instanceId}@prestatiecyclus`);
    expect(expected.length).toBeGreaterThan(5);
    expect(events(ics).map((e) => e.uid).sort()).toEqual(expected.sort());
  });

  it('subscribe through a personal link that follows the cycle: a meeting date set later shows up', async () => {
    const mail = await calendarMail('bestuurder.wsl@example.org');
    const url = /(http:\/\/127\.0\.0\.1:\d+\/agenda\/[A-Za-z0-9._-]+)/.exec(mail.body.text ?? '')![1]!;
    const before = await fetch(url);
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toContain('text/calendar');
    expect(events(await before.text()).some((e) => e.summary === 'Uitvoeringsgroep 1')).toBe(false);

    const set = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2021/meetings/uitvoeringsgroep-1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cloud.devToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ date: '2021-02-10T14:00' }),
    });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { started: string[] }).started.sort()).toEqual([
      'agenda-uitvoeringsgroep-uitvoeringsgroep-1',
      'notulen-uitvoeringsgroep-uitvoeringsgroep-1',
    ]);
    const after = events(await (await fetch(url)).text());
    const meeting = after.find((e) => e.uid.endsWith('vergadering-uitvoeringsgroep-1@prestatiecyclus'));
    expect(meeting?.startDate.toString()).toBe('2021-02-10T14:00:00');
    expect(after.find((e) => e.uid.endsWith('-agenda-uitvoeringsgroep-uitvoeringsgroep-1@prestatiecyclus'))?.startDate.toString()).toBe('2021-02-03');
  });

  it('keep calendar links and submission links apart', async () => {
    const mail = await calendarMail('secretaris.hlve@example.org');
    const token = /\/agenda\/([A-Za-z0-9._-]+)/.exec(mail.body.text ?? '')![1]!;
    const asSubmission = await fetch(`${cloud.urls.http}/l/${token}`);
    expect(asSubmission.status).toBe(404);
    const post = await fetch(`${cloud.urls.http}/agenda/${token}`, { method: 'POST' });
    expect(post.status).toBe(405);
  });
});

describe('recording a date', () => {
  const url = (path: string) => `${cloud.urls.http}/api/tenants/leusden/cycles/2021/${path}`;
  const post = (path: string, body: unknown, auth = true) =>
    fetch(url(path), {
      method: 'POST',
      headers: { ...(auth ? { authorization: `Bearer ${cloud.devToken}` } : {}), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('needs the coordinator, a real date and a name the template knows, each refused in Dutch', async () => {
    expect((await post('events/achtervang-aangevraagd', { date: '2021-03-15' }, false)).status).toBe(401);
    const bad = await post('events/achtervang-aangevraagd', { date: '2021-02-30' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { uitleg: string }).uitleg).toBe('Die datum bestaat niet.');
    const unknown = await post('meetings/kerstborrel', { date: '2021-12-20' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { uitleg: string }).uitleg).toContain('Het sjabloon kent "kerstborrel" niet');
  });

  it('starts the deliverable that waited for the event, due the agreed days after it', async () => {
    const res = await post('events/achtervang-aangevraagd', { date: '2021-03-15' });
    expect(res.status).toBe(200);
    const { started } = (await res.json()) as { started: string[] };
    expect(started).toEqual(['besluit-achtervang']);
    const records = (await cloud.store.cycles.loadInstance('leusden', 2021, 'besluit-achtervang'))!;
    expect(records.instance.timing).toMatchObject({ state: 'dated', lastDay: '2021-04-05' });
    expect(records.instance.revision).toBe(1);
  });
});

describe('a sign-off', () => {
  it('shows each signer who has signed and who has not, and takes a signature only with the tick', async () => {
    const { personalLink } = await import('../../functions/services/links.js');
    const { leusdenContacts } = await import('../../infra/local/seed.js');
    const open = async (partyId: string) => {
      const records = (await cloud.store.cycles.loadInstance('leusden', 2021, `jaarafspraken-komend-jaar-${partyId}`))!;
      const contact = { ...leusdenContacts.find((c) => c.partyId === partyId)!, tenantId: 'leusden' };
      return (await personalLink(cloud.deps, records, contact)).url;
    };
    const wsl = await open('wsl');
    const before = await (await fetch(wsl)).text();
    expect(before).toContain('Ondertekend: nog door niemand.');
    expect(before).toContain('<input type="checkbox" id="akkoord" name="akkoord" value="ja"');
    const form = /name="formKey" value="([^"]+)"/.exec(before)![1]!;
    const post = (fields: Record<string, string>) =>
      fetch(wsl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
    const fields = { naam: 'R. van Beek', functie: 'Directeur-bestuurder', namens: 'WSL', formKey: form };
    const unticked = await post(fields);
    expect(unticked.status).toBe(422);
    expect(await unticked.text()).toContain('Vink aan dat u ondertekent');
    expect((await post({ ...fields, akkoord: 'ja' })).status).toBe(303);
    const hlvePage = await (await fetch(await open('hlve'))).text();
    expect(hlvePage).toMatch(/Ondertekend: Woningstichting Leusden[^.]*\.\s*Nog niet ondertekend: .*Gemeente Leusden/s);
  });
});

describe('a trimester progress report', () => {
  it('asks per prestatieafspraak for the progress, and for a reason where it deviates', async () => {
    const { personalLink } = await import('../../functions/services/links.js');
    const { leusdenContacts } = await import('../../infra/local/seed.js');
    const records = (await cloud.store.cycles.loadInstance('leusden', 2021, 'voortgang-trimester-wsl-trimester-1'))!;
    const contact = { ...leusdenContacts.find((c) => c.partyId === 'wsl')!, tenantId: 'leusden' };
    const url = (await personalLink(cloud.deps, records, contact)).url;
    const page = await (await fetch(url)).text();
    expect(page).toContain('<legend>Afspraak 48: Jaarlijks wordt de maximale huursomaanpassing en de manier waarop …</legend>');
    const fields: Record<string, string> = { naam: 'R. van Beek', namens: 'WSL', formKey: /name="formKey" value="([^"]+)"/.exec(page)![1]! };
    for (const item of records.instance.progressItems!) fields[`status-${item.ref}`] = 'op-schema';
    fields['status-22'] = 'afwijking';
    const post = (body: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString(), redirect: 'manual' });
    const missing = await post(fields);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('<a href="#toelichting-22">Licht de afwijking bij afspraak 22 toe.</a>');
    expect((await post({ ...fields, 'toelichting-22': 'De regionale cijfers kwamen later dan gepland.' })).status).toBe(303);
  });
});
