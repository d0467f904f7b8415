import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { inbox } from '../support.js';
import { advice, forwardedCloud, recordsOf, submitThrough, tokenOf, type ForwardedCloud } from './forwarded-cloud.js';

/**
 * Random and malformed input at the new POST routes: the read page's confirmation and the party
 * page's button. Never a 5xx, and nothing stored beyond what a valid post does (one confirmation
 * of version 1, one submission link for WSL's own melding).
 */
const clock = new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1);
let f: ForwardedCloud;
let http: string;

beforeAll(async () => {
  f = await forwardedCloud(clock);
  http = f.cloud.urls.http;
});
afterAll(async () => f?.cloud.stop());

const contentTypes = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'APPLICATION/X-WWW-FORM-URLENCODED',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/json',
  'text/plain',
  'text/html; charset=utf-7',
  '',
);
const versie = fc.oneof(fc.constantFrom('1', '2', '0', '-1', '1.0', '01', ' 1', '1e0', '0x1', 'NaN', 'Infinity', '1'.repeat(400)), fc.string({ maxLength: 40, unit: 'binary' }));
const field = fc.constantFrom('versie', 'versie[]', 'formKey', 'stap', '__proto__', 'constructor', 'toString', '');
const body = fc.oneof(
  fc.dictionary(field, versie).map((d) => new URLSearchParams(d).toString()),
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array(b)),
  fc.constantFrom('versie=%', 'versie=%E0%A4%A', '%%%', 'versie=1&versie=2', '{"versie":1}', `versie=${'9'.repeat(70_000)}`),
);
const post = (url: string, data: string | Uint8Array<ArrayBuffer>, contentType: string) =>
  fetch(url, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body: data, redirect: 'manual' });

describe('random bodies at POST /lezen/{token}', () => {
  it('never give a 5xx, and confirm version 1 at most once, for the token\'s own contact only', async () => {
    const read = `${http}/lezen/${tokenOf(f.wsl.read)}`;
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(body, contentTypes, async (data, contentType) => {
        const res = await post(read, data, contentType);
        statuses.add(res.status);
        expect(res.status).toBeLessThan(500);
        expect([303, 400, 413, 415]).toContain(res.status);
        if (res.status === 303) expect(res.headers.get('location')).toMatch(/^\/lezen\/[^?]+\?bevestigd=1$/);
        await res.arrayBuffer();
      }),
      { numRuns: 600 },
    );
    const records = await recordsOf(f.cloud);
    const accepted = statuses.has(303);
    expect(records.confirmations.map((c) => `${c.partyId}/${c.contactId}/v${c.version}`)).toEqual(accepted ? ['wsl/bestuurder/v1'] : []);
    expect(records.audit.filter((a) => a.action === 'ontvangst bevestigd')).toHaveLength(accepted ? 1 : 0);
    expect(statuses.has(400) && statuses.has(415)).toBe(true); // the generator reached the refusals
  });
});

describe('random input at POST /partij/{token}/indienen/{instance}', () => {
  it('never gives a 5xx for random instance ids and bodies, and makes a link only for the party\'s own deliverable', async () => {
    const party = `${http}/partij/${tokenOf(f.wsl.party)}/indienen/`;
    const instance = fc.oneof(
      fc.constantFrom('melding-wsl', 'huuradvies', 'jaarverslag-hlve', '_agenda', '_partij', 'melding-wsl%00', '..%2Fmelding-wsl', 'melding-wsl%23LINK%23x', 'melding-wsl%20'),
      fc.string({ minLength: 1, maxLength: 400, unit: 'binary' }).map(encodeURIComponent),
      fc.stringMatching(/^[a-z0-9-]{150,1200}$/), // past 1,012 characters the key exceeds what DynamoDB takes
    );
    const redirects: string[] = [];
    await fc.assert(
      fc.asyncProperty(instance, body, contentTypes, async (id, data, contentType) => {
        const res = await post(party + id, data, contentType);
        expect(res.status, id.slice(0, 40)).toBeLessThan(500);
        if (res.status === 303) {
          expect(id).toBe('melding-wsl');
          redirects.push(res.headers.get('location')!);
        } else {
          expect([400, 404, 405, 413], id.slice(0, 40)).toContain(res.status);
        }
        await res.arrayBuffer();
      }),
      { numRuns: 600 },
    );
    const links = (await f.scan()).filter((i) => (i as { type?: string }).type === 'link') as { instanceId?: string; partyId?: string }[];
    const wslSubmit = links.filter((l) => l.partyId === 'wsl' && l.instanceId !== undefined && !String(l.instanceId).startsWith('_') && (l as { purpose?: string }).purpose === undefined);
    expect(wslSubmit.map((l) => l.instanceId)).toEqual(redirects.length ? ['melding-wsl'] : []);
    expect(new Set(redirects).size).toBeLessThanOrEqual(1);
  });
});

describe('random tokens at /lezen and /partij', () => {
  it('get no 5xx on GET, HEAD and POST of every new route, and store nothing', async () => {
    const before = await f.scan();
    const routes = fc.constantFrom('/lezen/{t}', '/lezen/{t}/document/1', '/lezen/{t}/nieuwe-link', '/partij/{t}', '/partij/{t}/indienen/melding-wsl');
    await fc.assert(
      fc.asyncProperty(routes, fc.string({ minLength: 1, maxLength: 400, unit: 'binary' }), fc.constantFrom('GET', 'HEAD', 'POST'), async (route, random, method) => {
        const res = await fetch(http + route.replace('{t}', encodeURIComponent(random)), { method, redirect: 'manual', ...(method === 'POST' ? { body: random } : {}) });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
      }),
      { numRuns: 1000 },
    );
    expect(await f.scan()).toEqual(before);
  });
});

describe('markup in a submission', () => {
  it('comes back escaped on the read page, the party page and the forward mail, and `bevestigd` reflects only a number', async () => {
    const xss = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    await submitThrough(f.hlveSubmit, { ...advice, advies: `Ons advies: ${xss}`, naam: xss, namens: xss });
    for (const url of [f.wsl.read, `${f.wsl.read}?bevestigd=${encodeURIComponent(xss)}`, `${f.wsl.read}?bevestigd=2%3Cscript%3E`, f.wsl.party, f.gemeente.party]) {
      const page = await (await fetch(url)).text();
      expect(page, url.slice(-30)).not.toContain('<script');
      expect(page, url.slice(-30)).not.toContain('<img src=x');
      expect(page, url.slice(-30)).not.toContain('onerror=alert(1)>');
    }
    expect(await (await fetch(f.wsl.read)).text()).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const forward = (await inbox(f.cloud.urls.ses)).findLast((m) => m.subject.includes('(versie 2)'))!;
    expect(forward.body.html).not.toContain('<script');
    expect(forward.body.html).not.toContain('<img src=x');
  });
});
