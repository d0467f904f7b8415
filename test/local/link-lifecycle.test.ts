import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { hlve, inbox, linkFor, seedAndOpen, testCloud } from '../support.js';

// The test is the only participant of the clock, so each sleepUntil jumps straight there.
const clock = new SimulatedClock(new Date('2027-02-10T09:00:00Z'));
let cloud: LocalCloud;
let expired: string;

const newLinkMails = async () => (await inbox(cloud.urls.ses)).filter((m) => m.subject.startsWith('Nieuwe link'));
const linkIn = (text: string) => /(http:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9._-]+)/.exec(text)![1]!;
const manage = (body: unknown, auth = true) =>
  fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027/deliverables/huuradvies/links`, {
    method: 'POST',
    headers: { ...(auth ? { authorization: `Bearer ${cloud.devToken}` } : {}), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud);
  cloud.engine.stop(); // these tests are about links, not reminders
  expired = await linkFor(cloud);
  // The link is valid until 60 days after the deadline (28 February): jump past that.
  await clock.sleepUntil(new Date('2027-05-15T09:00:00Z'));
});
afterAll(async () => cloud?.stop());

describe('an expired link', () => {
  it('offers to send a new link, by POST only, to the address on record, once a day', async () => {
    const page = await fetch(expired);
    const html = await page.text();
    expect(page.status).toBe(410);
    expect(html).toContain('Deze link is verlopen');
    expect(html).toContain(`<form method="post" action="/l/${expired.slice(expired.lastIndexOf('/') + 1)}/nieuwe-link">`);
    expect((await fetch(`${expired}/nieuwe-link`)).status).toBe(405);
    expect(await newLinkMails()).toHaveLength(0);

    const asked = await fetch(`${expired}/nieuwe-link`, { method: 'POST' });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('naar het e-mailadres dat bij ons bekend is');
    const [mail] = await newLinkMails();
    expect(mail?.destination.to).toEqual([hlve.email]);
    const fresh = linkIn(mail!.body.text ?? '');
    expect((await fetch(fresh)).status).toBe(200);

    await fetch(`${expired}/nieuwe-link`, { method: 'POST' });
    expect(await newLinkMails()).toHaveLength(1);
  });

  it('that was tampered with gets nothing', async () => {
    const tampered = `${expired.slice(0, -3)}${expired.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const res = await fetch(`${tampered}/nieuwe-link`, { method: 'POST' });
    expect(res.status).toBe(403);
    expect(await newLinkMails()).toHaveLength(1);
  });
});

describe('the coordinator', () => {
  it('revokes a contact\'s links, with a reason in the audit log', async () => {
    const live = linkIn((await newLinkMails())[0]!.body.text ?? '');
    expect((await manage({ actie: 'intrekken', partyId: 'hlve', contactId: 'secretaris', reden: 'Secretaris vertrekt' }, false)).status).toBe(401);
    const bad = await manage({ actie: 'weggooien', partyId: 'hlve', contactId: 'secretaris', reden: 'x' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { uitleg: string }).uitleg).toContain('Kies als actie "versturen"');

    const res = await manage({ actie: 'intrekken', partyId: 'hlve', contactId: 'secretaris', reden: 'Secretaris vertrekt' });
    expect(res.status).toBe(200);
    const { ingetrokken, nieuweLinkVerstuurd } = (await res.json()) as { ingetrokken: number; nieuweLinkVerstuurd: boolean };
    expect(nieuweLinkVerstuurd).toBe(false);
    expect(ingetrokken).toBeGreaterThanOrEqual(2); // the expired link and the renewed one, at least
    expect((await fetch(live)).status).toBe(410);
    expect((await fetch(expired)).status).toBe(410);
    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    expect(records.links.filter((l) => l.partyId === 'hlve').every((l) => l.revokedAt)).toBe(true);
    expect(records.audit.find((a) => a.action === 'links ingetrokken')?.detail).toMatchObject({ reden: 'Secretaris vertrekt', aantal: ingetrokken });
  });

  it('reissues a link, sent at once even when the contact asked for one today', async () => {
    const res = await manage({ actie: 'opnieuw-versturen', partyId: 'hlve', contactId: 'secretaris', reden: 'Nieuwe secretaris' });
    expect(await res.json()).toMatchObject({ ingetrokken: 0, nieuweLinkVerstuurd: true });
    const mails = await newLinkMails();
    expect(mails).toHaveLength(2);
    expect((await fetch(linkIn(mails[1]!.body.text ?? ''))).status).toBe(200);
  });
});
