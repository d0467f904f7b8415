import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { LinkClaims } from '../../functions/core/link-token.js';
import { calendarLink, readLink } from '../../functions/services/links.js';
import { leusdenContacts } from '../../infra/local/seed.js';
import { inbox, postForm } from '../support.js';
import { expectRefusal, forwardedCloud, recordsOf, request, tokenOf, type ForwardedCloud } from './forwarded-cloud.js';

/**
 * Read links (`/lezen/{token}`) as an attacker meets them: tampered, re-signed for another tenant,
 * party, contact, deliverable or purpose, expired, revoked, and used on the other link routes. A
 * refusal is a Dutch page with a 4xx, and stores nothing: no confirmation, no link, no mail.
 */
const clock = new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1);
let f: ForwardedCloud;
let wslRead: LinkClaims;
let http: string;

beforeAll(async () => {
  f = await forwardedCloud(clock);
  wslRead = await f.claimsOf(f.wsl.read);
  http = f.cloud.urls.http;
  expect(wslRead).toMatchObject({ tenant: 'leusden', instance: 'huuradvies', party: 'wsl', contact: 'bestuurder', purpose: 'read' });
});
afterAll(async () => f?.cloud.stop());

const mails = async () => (await inbox(f.cloud.urls.ses)).length;
const confirmations = async (instanceId = 'huuradvies') => (await recordsOf(f.cloud, instanceId)).confirmations;
const confirm = (token: string, versie = '1') => postForm(`${http}/lezen/${token}`, { versie });
const wsl = leusdenContacts.find((c) => c.partyId === 'wsl')!;

describe('a tampered read token', () => {
  it('is refused with a 4xx Dutch page after any single-character change, on GET and on POST, and nothing is stored', async () => {
    const before = await f.scan();
    const t = tokenOf(f.wsl.read);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const results = await Promise.all(
      [...t].map(async (ch, i) => {
        const swapped = ch === '.' ? 'x' : alphabet[(alphabet.indexOf(ch) + 11) % alphabet.length]!;
        const tampered = t.slice(0, i) + swapped + t.slice(i + 1);
        return [i, await request(`${http}/lezen/${tampered}`), await confirm(tampered)] as const;
      }),
    );
    for (const [i, get, post] of results) {
      expectRefusal(get, [400, 500], `GET, position ${i}`);
      expect(post.status, `POST, position ${i}`).toBeGreaterThanOrEqual(400);
      expect(post.status, `POST, position ${i}`).toBeLessThan(500);
    }
    expect(await f.scan()).toEqual(before);
  });

  it('is refused when its payload is changed under the old MAC, its MAC changed, or it is truncated', async () => {
    const [v, kid, payload, mac] = tokenOf(f.wsl.read).split('.') as [string, string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    claims[3] = 'gemeente-leusden';
    claims[4] = 'coordinator';
    const otherPayload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const forgedMac = randomBytes(32).toString('base64url');
    const cases = {
      payload: [`${v}.${kid}.${otherPayload}.${mac}`, 403, 'Deze link klopt niet'],
      mac: [`${v}.${kid}.${payload}.${forgedMac}`, 403, 'Deze link klopt niet'],
      truncated: [`${v}.${kid}.${payload}.${mac.slice(0, -1)}`, 400, 'Deze link is niet compleet'],
      'no mac': [`${v}.${kid}.${payload}`, 400, 'Deze link is niet compleet'],
    } as const;
    const before = await f.scan();
    for (const [what, [token, status, title]] of Object.entries(cases)) {
      const res = await request(`${http}/lezen/${token}`);
      expectRefusal(res, status, what);
      expect(res.body, what).toContain(title);
      expect((await confirm(token)).status, what).toBe(status);
      expect((await request(`${http}/lezen/${token}/document/1`)).status, what).toBe(status);
    }
    expect(await f.scan()).toEqual(before);
  });
});

describe('a read token signed with the real key for something else', () => {
  it('never confirms for another party, contact, tenant, deliverable, year or link: 404, no confirmation', async () => {
    const before = await f.scan();
    const others: Partial<LinkClaims>[] = [
      { party: 'gemeente-leusden', contact: 'coordinator' }, // a party that is in inform, with WSL's link id
      { party: 'hlve', contact: 'secretaris' },
      { contact: 'oud' }, // WSL's inactive contact
      { tenant: 'amersfoort' }, // Amersfoort has a huuradvies too
      { instance: 'jaarverslag-hlve' },
      { instance: 'melding-wsl' },
      { cycle: 2028 },
      { link: 'verzonnen-link-id' },
    ];
    for (const other of others) {
      const token = await f.sign(wslRead, other);
      expectRefusal(await request(`${http}/lezen/${token}`), 404, JSON.stringify(other));
      expect((await confirm(token)).status, JSON.stringify(other)).toBe(404);
    }
    expect(await f.scan()).toEqual(before);
    expect(await confirmations()).toEqual([]);
  });

  it('cannot exist for a party not in inform: without a record it is unknown, with one planted it is "another party"', async () => {
    const records = await recordsOf(f.cloud, 'jaarverslag-hlve');
    expect(records.instance.inform).toEqual(['gemeente-leusden']);
    const unrecorded = await f.sign(wslRead, { instance: 'jaarverslag-hlve', link: randomBytes(12).toString('base64url') });
    expectRefusal(await request(`${http}/lezen/${unrecorded}`), 404);

    // Planted straight in the store, as no route of the system would: still refused, nothing shown.
    const linkId = randomBytes(12).toString('base64url');
    await f.cloud.store.links.put('leusden', 2027, { instanceId: 'jaarverslag-hlve', linkId, purpose: 'read', partyId: 'wsl', contactId: 'bestuurder', createdAt: clock.now().toISOString(), expiresAt: '2029-01-01T00:00:00.000Z' });
    const planted = await f.sign(wslRead, { instance: 'jaarverslag-hlve', link: linkId });
    const before = await f.scan();
    const page = await request(`${http}/lezen/${planted}`);
    expectRefusal(page, 403);
    expect(page.body).toContain('Deze link hoort bij een andere partij');
    expect(page.body).not.toContain('GEHEIM-JAARVERSLAG');
    expect((await confirm(planted)).status).toBe(403);
    expect((await request(`${http}/lezen/${planted}/document/1`)).status).toBe(403);
    expect(await f.scan()).toEqual(before);
    expect(await confirmations('jaarverslag-hlve')).toEqual([]);
    // The gemeente, which is informed, reads it (so the refusal above is about the party).
    expect((await request(f.gemeenteJaarverslag.read)).body).toContain('GEHEIM-JAARVERSLAG');
  });

  it('does not open a submission record, and a submit token does not open a read record', async () => {
    const hlveSubmit = await f.claimsOf(f.hlveSubmit);
    const readOfSubmit = await f.sign(hlveSubmit, { purpose: 'read' });
    const submitOfRead = await f.sign(wslRead, { purpose: 'submit' });
    const before = await f.scan();
    expectRefusal(await request(`${http}/lezen/${readOfSubmit}`), 404);
    expect((await confirm(readOfSubmit)).status).toBe(404);
    const form = await request(`${http}/l/${submitOfRead}`);
    expectRefusal(form, 404);
    expect(form.body).not.toContain('name="formKey"');
    expect(await f.scan()).toEqual(before);
  });

  it('refuses a version that does not exist (400) and confirms one that does only once', async () => {
    const before = await f.scan();
    for (const versie of ['2', '0', '-1', '1.5', 'een', '', '1; versie=2', '9'.repeat(400)]) {
      expect((await confirm(tokenOf(f.wsl.read), versie)).status, versie.slice(0, 20)).toBe(400);
    }
    expect(await f.scan()).toEqual(before);
    expect((await confirm(tokenOf(f.wsl.read))).status).toBe(303);
    expect((await confirm(tokenOf(f.wsl.read))).status).toBe(303);
    const stored = await confirmations();
    expect(stored.map((c) => `${c.partyId}/${c.contactId}/v${c.version}`)).toEqual(['wsl/bestuurder/v1']);
    expect((await recordsOf(f.cloud)).audit.filter((a) => a.action === 'ontvangst bevestigd')).toHaveLength(1);
  });
});

describe('each token opens only the routes of its own purpose', () => {
  it('a read token on /l, /l/…/ontvangstbewijs, /partij and /agenda; a submit, calendar and party token on /lezen: refused, nothing stored', async () => {
    const calendar = tokenOf((await calendarLink(f.cloud.deps, 'leusden', 2027, { ...wsl, tenantId: 'leusden' })).url);
    const read = tokenOf(f.wsl.read);
    const submit = tokenOf(f.hlveSubmit);
    const party = tokenOf(f.wsl.party);
    const before = await f.scan();
    const sent = await mails();
    const gets = [`/l/${read}`, `/l/${read}/ontvangstbewijs/1`, `/partij/${read}`, `/agenda/${read}`, `/lezen/${submit}`, `/lezen/${submit}/document/1`, `/lezen/${calendar}`, `/lezen/${party}`, `/lezen/${party}/document/1`];
    for (const path of gets) {
      const res = await request(http + path);
      expectRefusal(res, 404, path);
      expect(res.body, path).toContain('Deze link is onbekend');
    }
    const form = { standpunt: 'negatief', advies: 'Ingediend met een leeslink, dat mag niet.', naam: 'WSL', namens: 'WSL', formKey: 'abcdefghijklmnopqrstuvwx' };
    expect((await postForm(`${http}/l/${read}`, form)).status).toBe(404);
    for (const t of [submit, calendar, party]) expect((await confirm(t)).status).toBe(404);
    expect((await postForm(`${http}/partij/${read}/indienen/huuradvies`, {})).status).toBe(404);
    expect(await f.scan()).toEqual(before);
    expect(await mails()).toBe(sent);
    expect((await recordsOf(f.cloud)).submissions).toHaveLength(1);
  });

  it('asking a new link with a calendar or party token is refused, and sends nothing', async () => {
    const calendar = tokenOf((await calendarLink(f.cloud.deps, 'leusden', 2027, { ...wsl, tenantId: 'leusden' })).url);
    const before = await f.scan();
    const sent = await mails();
    for (const t of [calendar, tokenOf(f.wsl.party)]) {
      for (const route of ['lezen', 'l']) {
        const res = await request(`${http}/${route}/${t}/nieuwe-link`, { method: 'POST' });
        expectRefusal(res, 404, route);
      }
    }
    expect(await f.scan()).toEqual(before);
    expect(await mails()).toBe(sent);
  });

  it('a live link renews nothing, and an expired one renews only on its own route', async () => {
    const before = await f.scan();
    const sent = await mails();
    const live = { read: tokenOf(f.wsl.read), submit: tokenOf(f.hlveSubmit) };
    expect((await request(`${http}/lezen/${live.read}/nieuwe-link`, { method: 'POST' })).status).toBe(409);
    expect((await request(`${http}/l/${live.submit}/nieuwe-link`, { method: 'POST' })).status).toBe(409);
    const past = Math.floor(clock.now().getTime() / 1000) - 60;
    const expiredRead = await f.sign(wslRead, { expiresAt: past });
    const expiredSubmit = await f.sign(await f.claimsOf(f.hlveSubmit), { expiresAt: past });
    expectRefusal(await request(`${http}/l/${expiredRead}/nieuwe-link`, { method: 'POST' }), 404, 'read on /l');
    expectRefusal(await request(`${http}/lezen/${expiredSubmit}/nieuwe-link`, { method: 'POST' }), 404, 'submit on /lezen');
    expectRefusal(await request(`${http}/lezen/${live.submit}/nieuwe-link`, { method: 'POST' }), 404, 'live submit on /lezen');
    expect(await f.scan()).toEqual(before);
    expect(await mails()).toBe(sent);
  });
});

describe('an expired or revoked read link', () => {
  it('expired: a 410 page offering a new link, which goes to the address on record only', async () => {
    const expired = await f.sign(wslRead, { expiresAt: Math.floor(clock.now().getTime() / 1000) - 60 });
    const before = await f.scan();
    const page = await request(`${http}/lezen/${expired}`);
    expect(page.status).toBe(410);
    expect(page.body).toContain('Deze link is verlopen');
    expect(page.body).toContain(`<form method="post" action="/lezen/${expired}/nieuwe-link">`);
    expect(page.body).not.toContain('Wij adviseren positief');
    expect((await confirm(expired)).status).toBe(410);
    expect((await request(`${http}/lezen/${expired}/document/1`)).status).toBe(410);
    expect(await f.scan()).toEqual(before);

    const sent = await mails();
    const asked = await request(`${http}/lezen/${expired}/nieuwe-link`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=aanvaller%40example.org' });
    expect(asked.status).toBe(200);
    const renewal = (await inbox(f.cloud.urls.ses)).slice(sent);
    expect(renewal.map((m) => m.destination.to)).toEqual([[wsl.email]]);
  });

  it('of a contact no longer active: refused even with its own record, and not renewed', async () => {
    const oud = { partyId: 'wsl', contactId: 'oud', name: 'Oud-bestuurder WSL', email: 'oud.wsl@example.org', coordinator: false, active: false, tenantId: 'leusden' };
    const own = await readLink(f.cloud.deps, await recordsOf(f.cloud), oud);
    const before = await f.scan();
    const sent = await mails();
    expectRefusal(await request(own.url), 404);
    expect((await confirm(tokenOf(own.url))).status).toBe(404);
    const expired = await f.sign(await f.claimsOf(own.url), { expiresAt: Math.floor(clock.now().getTime() / 1000) - 60 });
    expect((await request(`${http}/lezen/${expired}/nieuwe-link`, { method: 'POST' })).status).toBe(404);
    expect(await f.scan()).toEqual(before);
    expect(await mails()).toBe(sent);
  });

  it('revoked: 410 on every route, and no new link for it', async () => {
    const records = await recordsOf(f.cloud);
    const spare = await readLink(f.cloud.deps, { ...records, links: [] }, { ...wsl, tenantId: 'leusden' });
    expect((await request(spare.url)).status).toBe(200);
    await f.cloud.store.links.revoke('leusden', 2027, 'huuradvies', spare.link.linkId, clock.now());
    const before = await f.scan();
    const sent = await mails();
    const t = tokenOf(spare.url);
    const page = await request(spare.url);
    expectRefusal(page, 410);
    expect(page.body).toContain('Deze link is ingetrokken');
    expect(page.body).not.toContain('Wij adviseren positief');
    expect((await confirm(t)).status).toBe(410);
    expect((await request(`${http}/lezen/${t}/document/1`)).status).toBe(410);
    const expiredRevoked = await f.sign(await f.claimsOf(spare.url), { expiresAt: Math.floor(clock.now().getTime() / 1000) - 60 });
    expect((await request(`${http}/lezen/${expiredRevoked}/nieuwe-link`, { method: 'POST' })).status).toBe(404);
    expect(await f.scan()).toEqual(before);
    expect(await mails()).toBe(sent);
  });
});
