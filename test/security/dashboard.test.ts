import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { cookieAttributes, formTokenOf, sessionCookieName } from '../../functions/coordinator/session.js';
import { httpRoutes } from '../../functions/http/routes.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { quietCloud, refusedTokens } from '../support.js';

/**
 * Every dashboard route of the route table: a session of the coordinator's own municipality, and on
 * every form the session's form token; otherwise nothing is shown and nothing changes.
 */
const clock = new ScaledClock(new Date('2027-02-10T09:00:00Z'), 1);
let cloud: LocalCloud;
let scan: () => Promise<unknown[]>;

const pages = httpRoutes.filter((r) => r.access === 'session');
const params: Record<string, string> = { tenant: 'leusden', year: '2027', instance: 'huuradvies' };
const pathOf = (route: (typeof pages)[number]) => route.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]!);
/** A valid form per POST route, so that only the session or the form token can be the reason for a refusal. */
const forms: Record<string, Record<string, string>> = {
  '/beheer/{tenant}/{year}/datums': { actie: 'gebeurtenis', id: 'onbekend', datum: '2027-03-01' },
  '/beheer/{tenant}/{year}/leveringen/{instance}': { actie: 'verlengen', nieuweDatum: '2027-03-15', reden: 'test van de toegang' },
  '/beheer/{tenant}/{year}/partijen': { actie: 'toevoegen', partyId: 'hlve', naam: 'Indringer', email: 'indringer@example.org' },
  '/beheer/{tenant}/{year}/sjablonen': { actie: 'toepassen', naar: 'huuradvies-test@1' },
  '/beheer/{tenant}/{year}/volgend-jaar': { actie: 'openen' },
};

function call(route: (typeof pages)[number], options: { cookie?: string; authorization?: string; form?: Record<string, string> } = {}) {
  return fetch(`${cloud.urls.http}${pathOf(route)}`, {
    method: route.method,
    redirect: 'manual',
    headers: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.authorization ? { authorization: options.authorization } : {}),
      ...(route.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(route.method === 'POST' ? { body: new URLSearchParams(options.form ?? forms[route.path]).toString() } : {}),
  });
}

const session = (token: string) => `beheer=${token}`;

beforeAll(async () => {
  ({ cloud, scan } = await quietCloud({ clock }));
});
afterAll(async () => cloud?.stop());

describe('the dashboard routes', () => {
  it('are every page and form of /beheer but the sign-in, the sign-out and the stylesheet', () => {
    expect(pages.length).toBe(15);
    expect(httpRoutes.filter((r) => r.path.startsWith('/beheer') && r.access !== 'session').map((r) => r.path)).toEqual(['/beheer/inloggen', '/beheer/inloggen/terug', '/beheer/uitloggen']);
  });

  it('send a browser without a valid session to the sign-in (GET) or refuse (POST): none, garbage, another signer, expired, alg none, a Bearer header instead of the cookie', async () => {
    const before = await scan();
    const { foreign, expired, forged } = await refusedTokens(cloud);
    const attempts = [{}, { cookie: session('onzin') }, { cookie: session(foreign) }, { cookie: session(expired) }, { cookie: session(forged) }, { authorization: `Bearer ${cloud.devToken}` }, { cookie: `andere=${cloud.devToken}` }];
    for (const route of pages) {
      for (const attempt of attempts) {
        const res = await call(route, { ...attempt, form: { ...forms[route.path], formulier: formTokenOf(cloud.devToken) } });
        const what = `${route.method} ${route.path} with ${JSON.stringify(attempt).slice(0, 40)}`;
        if (route.method === 'GET') {
          expect(res.status, what).toBe(303);
          expect(res.headers.get('location'), what).toBe('/beheer/inloggen');
        } else {
          expect(res.status, what).toBe(401);
          expect(await res.text(), what).toContain('Niet aangemeld');
        }
      }
    }
    expect(await scan()).toEqual(before);
  });

  it('let a coordinator of another municipality see and change nothing of Leusden (403), even with a valid form token', async () => {
    const before = await scan();
    const amersfoort = await cloud.mintToken(['amersfoort']);
    for (const route of pages.filter((r) => r.path.includes('{tenant}'))) {
      const res = await call(route, { cookie: session(amersfoort), form: { ...forms[route.path], formulier: formTokenOf(amersfoort) } });
      expect(res.status, `${route.method} ${route.path}`).toBe(403);
      expect(await res.text()).toContain('Geen toegang tot deze gemeente');
    }
    // The start page lists only the coordinator's own municipalities.
    const start = await call(pages.find((r) => r.path === '/beheer')!, { cookie: session(amersfoort) });
    expect(await start.text()).not.toContain('Leusden');
    expect(await scan()).toEqual(before);
  });

  it('refuse a form without the session\'s own form token (another site cannot post them)', async () => {
    const before = await scan();
    const other = await cloud.mintToken(['leusden'], 'andere-coordinator');
    for (const route of pages.filter((r) => r.method === 'POST')) {
      for (const formulier of [undefined, '', 'x'.repeat(43), formTokenOf(other)]) {
        const form = { ...forms[route.path], ...(formulier === undefined ? {} : { formulier }) };
        const res = await call(route, { cookie: session(cloud.devToken), form });
        expect(res.status, `${route.path} with ${String(formulier)}`).toBe(403);
        expect(await res.text()).toContain('Formulier verlopen');
      }
    }
    expect(await scan()).toEqual(before);
  });

  it('change nothing on GET, and let Leusden\'s coordinator through on every page', async () => {
    const before = await scan();
    for (const route of pages.filter((r) => r.method === 'GET')) {
      const res = await call(route, { cookie: session(cloud.devToken) });
      expect(res.status, route.path).toBe(200);
    }
    expect(await scan()).toEqual(before);
    for (const route of pages.filter((r) => r.method === 'POST')) {
      const res = await call(route, { cookie: session(cloud.devToken), form: { ...forms[route.path], formulier: formTokenOf(cloud.devToken) } });
      expect([401, 403], route.path).not.toContain(res.status);
      expect(res.status, route.path).toBeLessThan(500);
    }
  });

  it('answer random forms with a Dutch 4xx or a redirect, never a 500, and store nothing half', async () => {
    const posts = pages.filter((r) => r.method === 'POST');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...posts),
        fc.dictionary(fc.constantFrom('actie', 'id', 'datum', 'tijd', 'reden', 'nieuweDatum', 'ontvangenOp', 'toelichting', 'document', 'contact', 'partyId', 'contactId', 'naam', 'email', '__proto__'), fc.string({ maxLength: 40 })),
        async (route, fields) => {
          const res = await call(route, { cookie: session(cloud.devToken), form: { ...fields, formulier: formTokenOf(cloud.devToken) } });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(res.headers.get('content-type')).toContain('text/html');
        },
      ),
      { numRuns: 150 },
    );
    // Whatever was accepted is whole: every contact has a name and a valid address.
    const { contacts } = await cloud.store.tenants.directory('leusden');
    for (const c of contacts) expect(c.name.length >= 2 && /^[^@\s]+@[^@\s]+$/.test(c.email), JSON.stringify(c)).toBe(true);
  });

  it('keep the session in an HttpOnly cookie, Secure and __Host- bound over https', () => {
    expect(sessionCookieName({ publicBaseUrl: 'https://prestatieafspraken.leusden.nl' })).toBe('__Host-beheer');
    expect(cookieAttributes({ publicBaseUrl: 'https://prestatieafspraken.leusden.nl' }, 3600)).toBe('Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure');
    expect(cookieAttributes({ publicBaseUrl: 'http://127.0.0.1:8787' }, 0)).toBe('Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });
});
