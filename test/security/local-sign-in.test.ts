import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../functions/adapters/clock.js';
import type { AppConfig } from '../../functions/adapters/app-config.js';
import { createSignInHandler } from '../../functions/coordinator/sign-in.js';
import type { HttpEvent } from '../../functions/http/handler.js';
import { lambdaContext } from '../../infra/local/gateway.js';

/**
 * The local sign-in form (development mode): an address becomes the token's `email` and the name in
 * the audit trail, so it is checked like any address (at most 254 characters) and a wrong one is a
 * Dutch 400 on the field; another site cannot post the form either (login CSRF).
 */
const config: AppConfig = { publicBaseUrl: 'http://127.0.0.1:3000', linkGraceDays: 60, coordinatorAuth: { mode: 'dev-jwt', secret: new TextEncoder().encode('x'.repeat(32)) } };
const handler = createSignInHandler({ config, clock: systemClock });

function post(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const event: HttpEvent = {
    version: '2.0',
    routeKey: 'ANY /beheer/inloggen',
    rawPath: '/beheer/inloggen',
    rawQueryString: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/beheer/inloggen', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' } } as HttpEvent['requestContext'],
  };
  return handler(event, lambdaContext('signIn'));
}

describe('the local sign-in form', () => {
  it('answers a 10,000-character address with a Dutch 400 on the address field, and no token', async () => {
    for (const email of [`${'a'.repeat(10_000)}@leusden.nl`, `${'a'.repeat(244)}@leusden.nl`, `naam@${'sub.'.repeat(2_500)}nl`]) {
      const res = await post({ email, gemeente: 'leusden' });
      expect(res.statusCode, `${email.length} characters`).toBe(400);
      expect(res.cookies ?? []).toEqual([]);
      expect(res.body).toContain('<p class="field-error" id="email-fout"><span class="visually-hidden">Fout: </span>Dit e-mailadres is te lang: een e-mailadres heeft hoogstens 254 tekens.');
      expect(res.body).toContain('<li><a href="#email">Dit e-mailadres is te lang');
      expect(res.body).toMatch(/id="email" name="email" value="[^"]*" aria-describedby="email-hint email-fout" aria-invalid="true"/);
    }
  });

  it('signs in with an ordinary address, up to 254 characters, as that address', async () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.nl`;
    expect(email.length).toBe(254);
    for (const address of ['Coordinator@Leusden.nl', email]) {
      const res = await post({ email: address, gemeente: 'leusden' });
      expect(res.statusCode).toBe(303);
      expect(res.headers!.location).toBe('/beheer');
      const token = res.cookies![0]!.split(';')[0]!.slice('beheer='.length);
      expect(decodeJwt(token).email).toBe(address.toLowerCase());
    }
  });

  it('refuses the form posted from another site (login CSRF) with a Dutch 403, and signs no one in', async () => {
    const crossSite: Record<string, string>[] = [{ origin: 'https://aanvaller.example', 'sec-fetch-site': 'cross-site' }, { origin: 'null' }, { 'sec-fetch-site': 'same-site' }];
    for (const headers of crossSite) {
      const res = await post({ email: 'aanvaller@example.org', gemeente: 'leusden' }, headers);
      expect(res.statusCode).toBe(403);
      expect(res.cookies ?? []).toEqual([]);
      expect(res.body).toContain('Aanmelden kan alleen op deze pagina');
    }
    const own = await post({ email: 'coordinator@leusden.nl', gemeente: 'leusden' }, { origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' });
    expect(own.statusCode).toBe(303);
  });
});
