import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { formTokenOf } from '../../functions/coordinator/session.js';
import { personalLink } from '../../functions/services/links.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { leusdenContacts } from '../../infra/local/seed.js';
import { formKeyIn, inbox, postForm, seedAndOpen, tableScan, testCloud } from '../support.js';

/**
 * A submission link goes only to a contact of the party that submits: the responsible party, and
 * for a sign-off each signer's own instance. Otherwise HLVE could submit Omthuis's bod, the bod
 * would show as submitted by HLVE and Omthuis's reminders would stop. Revoking stays open to any
 * contact, and the link page refuses a link of another party however it was made.
 */
const template = `id: link-owner-test
title: Links per partij (test)
tenant: leusden
validFrom: 2020
validTo: 2040
coordinatorParty: gemeente-leusden
parties:
  - { id: gemeente-leusden, name: Gemeente Leusden, role: gemeente }
  - { id: omthuis, name: Omthuis, role: corporatie }
  - { id: hlve, name: Huurders Leusden Voor Elkaar (HLVE), role: huurdersorganisatie }
deliverables:
  - id: bod-omthuis
    title: Bod van Omthuis op de woonvisie
    description: Het bod van de corporatie.
    clauses: [{ agreement: prestatieafspraken-leusden-omthuis-2026, clause: "1", quote: het bod op de woonvisie }]
    kind: notification
    responsible: omthuis
    inform: [hlve, gemeente-leusden]
    due: { rule: fixed, month: 7, day: 1, inclusive: false }
  - id: ondertekening
    title: Ondertekening
    description: Elke partij tekent.
    clauses: [{ agreement: prestatieafspraken-leusden-omthuis-2026, clause: "2", quote: ondertekenen deze afspraken }]
    kind: sign-off
    responsible: gemeente-leusden
    due: { rule: sign-off, signers: [omthuis, hlve], month: 12, day: 15, inclusive: true }
`;
const clock = new ScaledClock(new Date('2027-02-10T09:00:00Z'), 1);
let cloud: LocalCloud;
let scan: () => Promise<unknown[]>;
const hlve = { partyId: 'hlve', contactId: 'secretaris' };
const omthuis = { partyId: 'omthuis', contactId: 'bestuurder' };

const linkAction = (instance: string, body: Record<string, string>) =>
  fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027/deliverables/${instance}/links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cloud.devToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reden: 'test van de linkcontrole', ...body }),
  });
const dashboardForm = (instance: string, fields: Record<string, string>) =>
  postForm(`${cloud.urls.http}/beheer/leusden/2027/leveringen/${instance}`, { formulier: formTokenOf(cloud.devToken), reden: 'test van de linkcontrole', ...fields }, { headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `beheer=${cloud.devToken}` } });

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'link-owner-'));
  writeFileSync(join(dir, 'template.yaml'), template);
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2027, pathToFileURL(join(dir, 'template.yaml')));
  cloud.engine.stop(); // these tests drive the links, not the reminders
  scan = tableScan(cloud);
});
afterAll(async () => cloud?.stop());

describe('the coordinator\'s link actions', () => {
  it('refuse to send another party\'s contact a link (API), saying whose link it is, and change and send nothing', async () => {
    const before = await scan();
    const mails = (await inbox(cloud.urls.ses)).length;
    for (const actie of ['versturen', 'opnieuw-versturen']) {
      const res = await linkAction('bod-omthuis', { actie, ...hlve });
      expect(res.status, actie).toBe(409);
      const problem = (await res.json()) as { fout: string; uitleg: string };
      expect(problem.fout).toBe('Dit is de link van een andere partij');
      expect(problem.uitleg).toBe(
        // HLVE is informed of the bod: it gets a read link once the bod is in, never a link to submit it.
        '„Bod van Omthuis op de woonvisie” wordt ingediend door Omthuis; alleen een contact van Omthuis krijgt hiervoor een link om in te dienen. Huurders Leusden Voor Elkaar (HLVE) krijgt vanzelf een leeslink zodra het is ingediend.',
      );
    }
    expect(await scan()).toEqual(before);
    expect((await inbox(cloud.urls.ses)).length).toBe(mails);
  });

  it('send the responsible party\'s contact a link', async () => {
    const res = await linkAction('bod-omthuis', { actie: 'versturen', ...omthuis });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ nieuweLinkVerstuurd: true });
  });

  it('give each signer of a sign-off a link to its own instance only', async () => {
    expect((await linkAction('ondertekening-hlve', { actie: 'versturen', ...hlve })).status).toBe(200);
    expect((await linkAction('ondertekening-omthuis', { actie: 'opnieuw-versturen', ...omthuis })).status).toBe(200);
    const crossed = await linkAction('ondertekening-hlve', { actie: 'versturen', ...omthuis });
    expect(crossed.status).toBe(409);
    expect(((await crossed.json()) as { uitleg: string }).uitleg).toContain('„Ondertekening” wordt ingediend door Huurders Leusden Voor Elkaar (HLVE)');
  });

  it('refuse the same in the dashboard\'s form, shown again with the message', async () => {
    const before = await scan();
    const res = await dashboardForm('bod-omthuis', { actie: 'versturen', contact: 'hlve/secretaris' });
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(page).toContain('Dit is de link van een andere partij');
    expect(page).toContain('alleen een contact van Omthuis krijgt hiervoor een link om in te dienen');
    expect(await scan()).toEqual(before);
  });
});

describe('a link of another party made anyway (before this check, or by any other way)', () => {
  let link: string;
  beforeAll(async () => {
    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'bod-omthuis'))!;
    const contact = { ...leusdenContacts.find((c) => c.partyId === 'hlve')!, tenantId: 'leusden' };
    link = (await personalLink(cloud.deps, records, contact)).url;
  });

  it('opens no form and submits nothing: the bod stays open for Omthuis', async () => {
    const page = await fetch(link);
    expect(page.status).toBe(403);
    const body = await page.text();
    expect(body).toContain('Deze link hoort bij een andere partij');
    expect(body).not.toContain('name="formKey"');
    const before = await scan();
    const posted = await postForm(link, { toelichting: 'Ingediend door de verkeerde partij.', naam: 'Secretaris HLVE', namens: 'HLVE', formKey: 'abcdefghijklmnopqrstuvwx' });
    expect(posted.status).toBe(403);
    expect(await scan()).toEqual(before);
    const { instance } = (await cloud.store.cycles.loadInstance('leusden', 2027, 'bod-omthuis'))!;
    expect(instance).toMatchObject({ status: 'open', submissionCount: 0 });
  });

  it('is listed on the deliverable\'s page for revoking only, and can be revoked', async () => {
    const page = await (await fetch(`${cloud.urls.http}/beheer/leusden/2027/leveringen/bod-omthuis`, { headers: { cookie: `beheer=${cloud.devToken}` } })).text();
    expect(page).toContain('Secretaris HLVE (Huurders Leusden Voor Elkaar (HLVE), andere partij: alleen intrekken) · 1 geldige link(s)');
    const res = await dashboardForm('bod-omthuis', { actie: 'intrekken', contact: 'hlve/secretaris' });
    expect(res.status).toBe(303);
    const again = await linkAction('bod-omthuis', { actie: 'intrekken', ...hlve });
    expect(await again.json()).toMatchObject({ ingetrokken: 0, nieuweLinkVerstuurd: false });
    expect((await fetch(link)).status).toBe(410); // revoked
    // Omthuis's own link still opens the form.
    const own = (await inbox(cloud.urls.ses)).filter((m) => m.subject.startsWith('Nieuwe link: Bod van Omthuis')).at(-1)!;
    const form = await fetch(/(http:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9._-]+)/.exec(own.body.text ?? '')![1]!);
    expect(form.status).toBe(200);
    expect(formKeyIn(await form.text())).toBeTruthy();
  });
});
