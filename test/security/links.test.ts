import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { LocalMacKeyring } from '../../functions/adapters/link-keys.js';
import { signLinkToken, verifyLinkToken, type LinkClaims } from '../../functions/core/link-token.js';
import { personalLink } from '../../functions/services/links.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { hlve, linkFor, quietCloud } from '../support.js';

/**
 * The signed links as an attacker meets them: every route, the running handlers, DynamoDB Local.
 * The cloud's keyring lists a retired-but-still-valid key `old` and signs with `new`.
 */
const clock = new ScaledClock(new Date('2027-02-10T09:00:00Z'), 1);
const oldKey = randomBytes(32);
const keyring = new LocalMacKeyring('new', { old: oldKey, new: randomBytes(32) });
let cloud: LocalCloud;
let link: string;
let claims: LinkClaims;
let scan: () => Promise<unknown[]>;

beforeAll(async () => {
  ({ cloud, scan } = await quietCloud({ clock, linkKeys: keyring }));
  link = await linkFor(cloud);
  const checked = await verifyLinkToken(link.slice(link.lastIndexOf('/') + 1), keyring, clock.now());
  if (!checked.ok) throw new Error('setup');
  claims = checked.claims;
});
afterAll(async () => cloud?.stop());

const base = () => link.slice(0, link.lastIndexOf('/') + 1);
const token = () => link.slice(link.lastIndexOf('/') + 1);
const status = async (url: string, init?: RequestInit) => (await fetch(url, { redirect: 'manual', ...init })).status;

describe('a tampered token', () => {
  it('is refused with a 4xx after any single-character change, on GET and on POST, and nothing is stored', async () => {
    const before = await scan();
    const t = token();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const results = await Promise.all(
      [...t].map(async (ch, i) => {
        const swapped = alphabet[(alphabet.indexOf(ch) + 7) % alphabet.length] ?? 'A';
        const tampered = t.slice(0, i) + (ch === '.' ? 'x' : swapped) + t.slice(i + 1);
        const get = await status(base() + tampered);
        const post = await status(base() + tampered, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'standpunt=positief&advies=aaaaaaaaaaaaaaaaaaaaaaaaa&naam=x&namens=y&formKey=abcdefghijklmnopqrstuvwx',
        });
        return [i, get, post] as const;
      }),
    );
    for (const [i, get, post] of results) {
      expect(get, `GET, position ${i}`).toBeGreaterThanOrEqual(400);
      expect(get, `GET, position ${i}`).toBeLessThan(500);
      expect(post, `POST, position ${i}`).toBeGreaterThanOrEqual(400);
      expect(post, `POST, position ${i}`).toBeLessThan(500);
    }
    expect(await scan()).toEqual(before);
  });

  it('is refused when truncated, padded, oversized or not base64', async () => {
    const t = token();
    for (const bad of [t.slice(0, -1), t.slice(0, 10), `${t}AAAA`, `${t}==`, `${t}.extra`, 'x'.repeat(5000), t.replace(/[A-Za-z]/, '%2F'), 'v1.new.!!!!.????', '']) {
      const code = await status(base() + encodeURIComponent(bad));
      expect(code, JSON.stringify(bad.slice(0, 40))).toBeGreaterThanOrEqual(400);
      expect(code).toBeLessThan(500);
    }
  });
});

describe('a validly signed token for something else', () => {
  const page = async (c: Partial<LinkClaims>, signer = keyring) => {
    const t = await signLinkToken({ ...claims, ...c }, signer);
    const res = await fetch(base() + t);
    return { status: res.status, body: await res.text() };
  };

  it('is refused for another tenant, party, contact, deliverable, year or purpose', async () => {
    for (const other of [{ tenant: 'amersfoort' }, { party: 'wsl' }, { contact: 'voorzitter' }, { instance: 'bod' }, { cycle: 2028 }, { link: 'verzonnen-link-id' }]) {
      expect((await page(other)).status, JSON.stringify(other)).toBe(404);
    }
    expect((await page({ purpose: 'calendar' })).status).toBe(404);
  });

  it('is refused when expired, and when revoked', async () => {
    expect((await page({ expiresAt: Math.floor(clock.now().getTime() / 1000) - 60 })).status).toBe(410);
    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    const spare = await personalLink(cloud.deps, { ...records, links: [] }, { ...hlve, tenantId: 'leusden' });
    expect(await status(spare.url)).toBe(200);
    await cloud.store.links.revoke('leusden', 2027, 'huuradvies', spare.link.linkId, clock.now());
    expect(await status(spare.url)).toBe(410);
  });

  it('is accepted when signed with an older key that is still listed, refused with a retired one', async () => {
    expect((await page({}, new LocalMacKeyring('old', { old: oldKey }))).status).toBe(200);
    const retired = await page({}, new LocalMacKeyring('retired', { retired: randomBytes(32) }));
    expect(retired.status).toBe(403);
    expect(retired.body).toContain('sleutel die niet meer wordt gebruikt');
  });
});

describe('reading', () => {
  it('never changes anything: GET and HEAD on every public route, valid or not', async () => {
    const before = await scan();
    for (const url of [link, `${link}/ontvangstbewijs/1`, `${link}/ontvangstbewijs/1?formaat=json`, `${base()}nonsense`, `${cloud.urls.http}/agenda/${token()}`]) {
      for (const method of ['GET', 'HEAD']) {
        const code = await status(url, { method });
        expect(code, `${method} ${url.slice(-30)}`).toBeLessThan(500);
      }
    }
    expect(await scan()).toEqual(before);
  });
});
