import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { verifyLinkToken, type LinkClaims } from '../../functions/core/link-token.js';
import { calendarLink } from '../../functions/services/links.js';
import { leusdenContacts } from '../../infra/local/seed.js';
import { inbox, postForm } from '../support.js';
import { expectRefusal, forwardedCloud, recordsOf, request, tokenOf, type ForwardedCloud } from './forwarded-cloud.js';

/**
 * The party page (`/partij/{token}`, "Mijn prestatieafspraken") and its button to make a submission
 * link (`POST /partij/{token}/indienen/{instance}`): a party token has no record, so everything rests
 * on the MAC, the claims and the directory. A party sees only what it owes and what it receives.
 */
const clock = new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1);
let f: ForwardedCloud;
let wslParty: LinkClaims;
let http: string;

beforeAll(async () => {
  f = await forwardedCloud(clock);
  wslParty = await f.claimsOf(f.wsl.party);
  http = f.cloud.urls.http;
  expect(wslParty).toMatchObject({ tenant: 'leusden', instance: '_partij', link: 'partij', party: 'wsl', contact: 'bestuurder', purpose: 'party' });
});
afterAll(async () => f?.cloud.stop());

const mails = async () => (await inbox(f.cloud.urls.ses)).length;
const indienen = (token: string, instance: string, init: RequestInit = {}) => request(`${http}/partij/${token}/indienen/${instance}`, { method: 'POST', ...init });
const linkRecords = async () => (await f.scan()).filter((i) => (i as { type?: string }).type === 'link').length;
/** The tokens of every signed link a page shows, with the claims they carry. */
async function linksOn(page: string) {
  const tokens = [...page.matchAll(/\/(l|lezen|agenda|partij)\/(v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g)].map((m) => m[2]!);
  return Promise.all(tokens.map(async (t) => ({ t, check: await verifyLinkToken(t, f.cloud.deps.linkKeys, clock.now()) })));
}
const section = (page: string, from: string, to: string) => page.slice(page.indexOf(from), page.indexOf(to, page.indexOf(from)));

describe('a tampered party token', () => {
  it('is refused with a 4xx Dutch page after any single-character change, on the page and the button, and nothing is stored', async () => {
    const before = await f.scan();
    const t = tokenOf(f.wsl.party);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const results = await Promise.all(
      [...t].map(async (ch, i) => {
        const tampered = t.slice(0, i) + (ch === '.' ? 'x' : alphabet[(alphabet.indexOf(ch) + 13) % alphabet.length]!) + t.slice(i + 1);
        return [i, await request(`${http}/partij/${tampered}`), await indienen(tampered, 'melding-wsl')] as const;
      }),
    );
    for (const [i, get, post] of results) {
      expectRefusal(get, [400, 500], `GET, position ${i}`);
      expect(get.body).not.toContain('Mijn prestatieafspraken');
      expect(post.status, `POST, position ${i}`).toBeGreaterThanOrEqual(400);
      expect(post.status, `POST, position ${i}`).toBeLessThan(500);
    }
    expect(await f.scan()).toEqual(before);
  });

  it('is refused with its payload changed to another party under the old MAC, its MAC changed, or truncated', async () => {
    const [v, kid, payload, mac] = tokenOf(f.wsl.party).split('.') as [string, string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    claims[3] = 'hlve';
    claims[4] = 'secretaris';
    const hlvePayload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const flipped = mac.slice(0, 5) + (mac[5] === 'A' ? 'B' : 'A') + mac.slice(6);
    for (const [token, status] of [[`${v}.${kid}.${hlvePayload}.${mac}`, 403], [`${v}.${kid}.${payload}.${flipped}`, 403], [tokenOf(f.wsl.party).slice(0, -2), 400], [`${v}.${kid}.${payload}`, 400]] as const) {
      const res = await request(`${http}/partij/${token}`);
      expectRefusal(res, status, token.slice(-12));
      expect(res.body).not.toContain('Mijn prestatieafspraken');
    }
  });
});

describe('a party token signed with the real key for something else', () => {
  it('is refused for another tenant, a contact of another party, an inactive contact, another pseudo-instance or link id', async () => {
    const before = await f.scan();
    const others: Partial<LinkClaims>[] = [
      { tenant: 'amersfoort' }, // Amersfoort has no WSL
      { tenant: 'utrecht' }, // no such tenant
      { contact: 'secretaris' }, // HLVE's contact id under WSL
      { party: 'portaal', contact: 'contact' }, // Amersfoort's party under Leusden
      { contact: 'oud' }, // WSL's inactive contact
      { instance: 'huuradvies' },
      { instance: '_agenda' },
      { link: 'iets-anders' },
    ];
    for (const other of others) {
      const token = await f.sign(wslParty, other);
      const res = await request(`${http}/partij/${token}`);
      expectRefusal(res, 404, JSON.stringify(other));
      expect(res.body).toContain('Deze link is onbekend');
      expect((await indienen(token, 'melding-wsl')).status, JSON.stringify(other)).toBe(404);
    }
    expect(await f.scan()).toEqual(before);
  });

  it('of another tenant shows that tenant only', async () => {
    const portaal = await f.sign(wslParty, { tenant: 'amersfoort', party: 'portaal', contact: 'contact' });
    const page = await request(`${http}/partij/${portaal}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Amersfoorts bod');
    for (const leusden of ['Huuradvies', 'HLVE', 'WSL', 'jaarverslag', 'Wij adviseren']) expect(page.body).not.toContain(leusden);
  });

  it('expired: a 410 page, no page content, and the button refused', async () => {
    const expired = await f.sign(wslParty, { expiresAt: Math.floor(clock.now().getTime() / 1000) - 60 });
    const before = await f.scan();
    const res = await request(`${http}/partij/${expired}`);
    expectRefusal(res, 410);
    expect(res.body).toContain('Deze link is verlopen');
    expect(res.body).not.toContain('Mijn prestatieafspraken');
    expect((await indienen(expired, 'melding-wsl')).status).toBe(410);
    expect(await f.scan()).toEqual(before);
  });
});

describe('other purposes on /partij, and a party token elsewhere', () => {
  it('a read, submit or calendar token on /partij, and a party token on /l, /lezen and /agenda: 404, nothing stored', async () => {
    const wsl = leusdenContacts.find((c) => c.partyId === 'wsl')!;
    const calendar = tokenOf((await calendarLink(f.cloud.deps, 'leusden', 2027, { ...wsl, tenantId: 'leusden' })).url);
    const party = tokenOf(f.wsl.party);
    const before = await f.scan();
    const sent = await mails();
    for (const t of [tokenOf(f.wsl.read), tokenOf(f.hlveSubmit), calendar]) {
      expectRefusal(await request(`${http}/partij/${t}`), 404, t.slice(-8));
      expect((await indienen(t, 'huuradvies')).status).toBe(404);
      expect((await indienen(t, 'melding-wsl')).status).toBe(404);
    }
    for (const path of [`/l/${party}`, `/l/${party}/ontvangstbewijs/1`, `/lezen/${party}`, `/agenda/${party}`]) expectRefusal(await request(http + path), 404, path);
    expect((await postForm(`${http}/l/${party}`, { standpunt: 'positief', advies: 'Met een partijlink ingediend, dat mag niet.', naam: 'x', namens: 'y', formKey: 'abcdefghijklmnopqrstuvwx' })).status).toBe(404);
    expect((await postForm(`${http}/lezen/${party}`, { versie: '1' })).status).toBe(404);
    expect(await f.scan()).toEqual(before);
    expect(await mails()).toBe(sent);
  });
});

describe('what the party page shows', () => {
  it("WSL's page: its own melding, the huuradvies it receives; none of HLVE's submit links, receipts or the jaarverslag", async () => {
    const page = await request(f.wsl.party);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const owes = section(page.body, 'moet aanleveren</h2>', '<h2>');
    expect(owes).toContain('Melding van WSL over verkochte woningen');
    expect(owes).not.toContain('Huuradvies');
    expect(section(page.body, 'heeft ingediend</h2>', '<h2>')).toContain('Nog niets.');
    expect(section(page.body, 'heeft ontvangen</h2>', '<h2>')).toContain('Huuradvies over de jaarlijkse huursomaanpassing');
    for (const secret of ['Vertrouwelijk jaarverslag', 'GEHEIM-JAARVERSLAG', tokenOf(f.hlveSubmit), '/ontvangstbewijs/']) expect(page.body).not.toContain(secret);
    // Every signed link on the page is WSL's own contact's.
    const links = await linksOn(page.body);
    expect(links.length).toBeGreaterThan(0);
    for (const { t, check } of links) {
      expect(check.ok, t).toBe(true);
      if (check.ok) expect(check.claims, t).toMatchObject({ tenant: 'leusden', party: 'wsl', contact: 'bestuurder' });
    }
    // A planted read record for the jaarverslag (WSL is not in its inform) still does not make it show.
    await f.cloud.store.links.put('leusden', 2027, { instanceId: 'jaarverslag-hlve', linkId: 'geplant-leesrecord', purpose: 'read', partyId: 'wsl', contactId: 'bestuurder', createdAt: clock.now().toISOString(), expiresAt: '2029-01-01T00:00:00.000Z' });
    expect((await request(f.wsl.party)).body).not.toContain('Vertrouwelijk jaarverslag');
  });

  it("the gemeente's page lists the jaarverslag it receives (so the absence above can fail), and HLVE's lists its receipts", async () => {
    const gemeente = await request(f.gemeente.party);
    expect(section(gemeente.body, 'heeft ontvangen</h2>', '<h2>')).toContain('Vertrouwelijk jaarverslag van HLVE');
    const hlve = await request(`${http}/partij/${await f.sign(wslParty, { party: 'hlve', contact: 'secretaris' })}`);
    expect(hlve.status).toBe(200);
    expect(section(hlve.body, 'heeft ingediend</h2>', '<h2>')).toContain('/ontvangstbewijs/1');
  });
});

describe('the button that makes a submission link', () => {
  it("refuses an instance the party does not own or that cannot exist: 404, no link record, no mail", async () => {
    const t = tokenOf(f.wsl.party);
    const before = await f.scan();
    const sent = await mails();
    const foreign = ['huuradvies', 'jaarverslag-hlve', 'bestaat-niet', '_agenda', '_partij', 'huuradvies%23LINK', '..%2Fhuuradvies', 'HUURADVIES', encodeURIComponent('melding-wsl\u0000'), 'x'.repeat(2_000)];
    for (const instance of foreign) {
      const res = await indienen(t, instance);
      expectRefusal(res, 404, instance.slice(0, 30));
      expect(res.body, instance.slice(0, 30)).not.toContain('x'.repeat(100));
      expect(res.headers.get('location')).toBeNull();
    }
    expect(await f.scan()).toEqual(before);
    expect(await mails()).toBe(sent);
    // Amersfoort's huuradvies belongs to Portaal: Portaal's token cannot make one for Leusden's.
    expect((await indienen(await f.sign(wslParty, { tenant: 'amersfoort', party: 'portaal', contact: 'contact' }), 'melding-wsl')).status).toBe(404);
    expect(await f.scan()).toEqual(before);
  });

  it('GET and HEAD on the button change nothing (405); a POST for its own instance makes one link, reused after', async () => {
    const t = tokenOf(f.wsl.party);
    const before = await f.scan();
    for (const method of ['GET', 'HEAD']) expect((await request(`${http}/partij/${t}/indienen/melding-wsl`, { method })).status).toBe(405);
    expect(await f.scan()).toEqual(before);
    const records = await linkRecords();
    const first = await indienen(t, 'melding-wsl');
    expect(first.status).toBe(303);
    const form = first.headers.get('location')!;
    expect(form).toMatch(/\/l\/v1\./);
    expect((await request(form)).status).toBe(200);
    expect((await indienen(t, 'melding-wsl')).headers.get('location')).toBe(form);
    expect(await linkRecords()).toBe(records + 1);
    const owned = (await recordsOf(f.cloud, 'melding-wsl')).links;
    expect(owned.map((l) => `${l.partyId}/${l.contactId}`)).toEqual(['wsl/bestuurder']);
  });
});
