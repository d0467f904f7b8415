import { describe, expect, it } from 'vitest';
import { systemClock } from '../../functions/adapters/clock.js';
import type { AppConfig } from '../../functions/adapters/app-config.js';
import { mintDevToken } from '../../functions/coordinator/auth.js';
import { formTokenOf } from '../../functions/coordinator/session.js';
import { createSignInHandler } from '../../functions/coordinator/sign-in.js';
import type { HttpEvent } from '../../functions/http/handler.js';
import { lambdaContext } from '../../infra/local/gateway.js';

/**
 * Logout CSRF: a cross-site POST never carries the SameSite=Lax session cookie, so the form token
 * cannot guard it; yet the answer clears the cookie (a browser takes Set-Cookie from a top-level
 * navigation) and in AWS ends the managed login too. So the sign-out refuses what the browser
 * marks as cross-site, before anything else, and changes nothing.
 */
const secret = new TextEncoder().encode('x'.repeat(32));
const local: AppConfig = { publicBaseUrl: 'http://127.0.0.1:3000', linkGraceDays: 60, coordinatorAuth: { mode: 'dev-jwt', secret } };
const aws: AppConfig = {
  publicBaseUrl: 'https://prestatieafspraken.example.org',
  linkGraceDays: 60,
  coordinatorAuth: { mode: 'authorizer', cognito: { userPoolId: 'eu-west-1_Voorbeeld', clientId: 'dashboardclient', domain: 'https://beheer-login.auth.eu-west-1.amazoncognito.com' } },
};

function signOut(config: AppConfig, headers: Record<string, string>, options: { body?: string; cookies?: string[] } = {}) {
  const event: HttpEvent = {
    version: '2.0',
    routeKey: 'POST /beheer/uitloggen',
    rawPath: '/beheer/uitloggen',
    rawQueryString: '',
    headers,
    ...(options.cookies ? { cookies: options.cookies } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/beheer/uitloggen', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' } } as HttpEvent['requestContext'],
  };
  return createSignInHandler({ config, clock: systemClock })(event, lambdaContext('signIn'));
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };
/** What another site's page can make a browser send: a form (any of its three encodings) with these headers. */
const crossSite: Record<string, string>[] = [
  { ...form, origin: 'https://aanvaller.example', 'sec-fetch-site': 'cross-site' },
  { ...form, origin: 'https://ander.example.org', 'sec-fetch-site': 'same-site' },
  { 'content-type': 'text/plain', origin: 'null', 'sec-fetch-site': 'cross-site' },
  { 'content-type': 'multipart/form-data; boundary=x', 'sec-fetch-site': 'cross-site' },
  { ...form, origin: 'https://aanvaller.example' }, // a browser without Sec-Fetch-Site: its Origin decides
  { ...form, origin: 'null' },
];

describe('signing out', () => {
  it('refuses a cross-site POST with a Dutch 403, clearing no cookie and ending no managed login', async () => {
    for (const config of [local, aws]) {
      const token = await mintDevToken(secret, 'lokaal', ['leusden']);
      for (const headers of crossSite) {
        for (const cookies of [undefined, [`beheer=${token}`]]) {
          const res = await signOut(config, headers, { body: `formulier=${formTokenOf(token)}`, ...(cookies ? { cookies } : {}) });
          const what = `${config.coordinatorAuth.mode} ${JSON.stringify(headers)} ${cookies ? 'with' : 'without'} cookie`;
          expect(res.statusCode, what).toBe(403);
          expect(res.cookies ?? [], what).toEqual([]);
          expect(res.headers?.location, what).toBeUndefined();
          expect(res.body, what).toContain('Afmelden kan alleen vanaf het dashboard');
          expect(res.body, what).toContain('U bent niet afgemeld.');
        }
      }
    }
  });

  it('signs out from the dashboard\'s own page, also when the session already ran out (no cookie left)', async () => {
    const token = await mintDevToken(secret, 'lokaal', ['leusden']);
    const own = { ...form, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' };
    const withSession = await signOut(local, own, { body: `formulier=${formTokenOf(token)}`, cookies: [`beheer=${token}`] });
    const expired = await signOut(local, own, { body: '' });
    for (const res of [withSession, expired]) {
      expect(res.statusCode).toBe(303);
      expect(res.headers!.location).toBe('/beheer/inloggen?afgemeld=1');
      expect(res.cookies).toEqual(['beheer=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0']);
    }
    const cognito = await signOut(aws, { ...own, origin: 'https://prestatieafspraken.example.org' }, { body: '' });
    expect(cognito.headers!.location).toMatch(/^https:\/\/beheer-login\.auth\.eu-west-1\.amazoncognito\.com\/logout\?/);
  });

  it('lets a request with neither Origin nor Sec-Fetch-Site through (no browser on another site sends that), the form token still guarding a session', async () => {
    const token = await mintDevToken(secret, 'lokaal', ['leusden']);
    expect((await signOut(local, form, { body: '' })).statusCode).toBe(303);
    const forged = await signOut(local, form, { body: 'formulier=onzin', cookies: [`beheer=${token}`] });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('Formulier verlopen');
    expect(forged.cookies ?? []).toEqual([]);
  });

  it('never answers a 500, whatever the body', async () => {
    const token = await mintDevToken(secret, 'lokaal', ['leusden']);
    for (const headers of [...crossSite, form, { 'content-type': 'text/plain' }, {}, { ...form, 'sec-fetch-site': 'same-origin' }]) {
      for (const body of [undefined, '', '%%%', 'formulier='.padEnd(70_000, 'x')]) {
        for (const cookies of [undefined, [`beheer=${token}`], ['beheer=']]) {
          const res = await signOut(local, headers, { ...(body !== undefined ? { body } : {}), ...(cookies ? { cookies } : {}) });
          expect(res.statusCode, `${JSON.stringify(headers)} ${String(body).slice(0, 12)} ${String(cookies)}`).toBeLessThan(500);
        }
      }
    }
  });
});
