import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../functions/adapters/clock.js';
import type { AppConfig } from '../../functions/adapters/app-config.js';
import type { Deps } from '../../functions/adapters/deps.js';
import { mintDevToken } from '../../functions/coordinator/auth.js';
import { createSignInHandler } from '../../functions/coordinator/sign-in.js';
import { createDashboardHandler } from '../../functions/coordinator/dashboard.js';
import type { HttpEvent } from '../../functions/http/handler.js';
import { lambdaContext } from '../../infra/local/gateway.js';

/**
 * The dashboard's sign-in as configured in AWS (Cognito's managed login), without a network: the
 * redirect carries state and a PKCE challenge bound to a short-lived cookie, the way back is refused
 * unless it matches, and no local development sign-in or token works in this mode.
 */
const config: AppConfig = {
  publicBaseUrl: 'https://prestatieafspraken.example.org',
  linkGraceDays: 60,
  coordinatorAuth: { mode: 'authorizer', cognito: { userPoolId: 'eu-west-1_Voorbeeld', clientId: 'dashboardclient', domain: 'https://beheer-login.auth.eu-west-1.amazoncognito.com' } },
};
const signIn = createSignInHandler({ config, clock: systemClock });

function event(method: string, path: string, options: { query?: Record<string, string>; cookies?: string[]; body?: string } = {}): HttpEvent {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: options.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    ...(options.cookies ? { cookies: options.cookies } : {}),
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: false,
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' } } as HttpEvent['requestContext'],
  };
}
const call = (e: HttpEvent) => signIn(e, lambdaContext('signIn'));

describe('signing in to the dashboard in AWS', () => {
  it('sends the browser to the managed login with state and an S256 challenge whose verifier only its cookie holds', async () => {
    const res = await call(event('GET', '/beheer/inloggen'));
    expect(res.statusCode).toBe(303);
    const location = new URL(res.headers!.location as string);
    expect(location.origin + location.pathname).toBe('https://beheer-login.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'dashboardclient',
      redirect_uri: 'https://prestatieafspraken.example.org/beheer/inloggen/terug',
      code_challenge_method: 'S256',
    });
    const cookie = res.cookies![0]!;
    expect(cookie).toMatch(/^__Host-inlog=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/);
    const [state, verifier] = cookie.split(';')[0]!.split('=')[1]!.split('.');
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.get('code_challenge')).toBe(createHash('sha256').update(verifier!).digest('base64url'));
    const again = new URL((await call(event('GET', '/beheer/inloggen'))).headers!.location as string);
    expect(again.searchParams.get('state')).not.toBe(state);
  });

  it('refuses the way back without the cookie, or with another state, and sets no session', async () => {
    const start = await call(event('GET', '/beheer/inloggen'));
    const cookie = start.cookies![0]!.split(';')[0]!;
    const state = new URL(start.headers!.location as string).searchParams.get('state')!;
    for (const attempt of [
      event('GET', '/beheer/inloggen/terug', { query: { code: 'c', state } }),
      // Another state: its last character changed (to one it is not, or 1 in 64 runs would send the same state).
      event('GET', '/beheer/inloggen/terug', { query: { code: 'c', state: `${state.slice(0, -1)}${state.endsWith('x') ? 'y' : 'x'}` }, cookies: [cookie] }),
      event('GET', '/beheer/inloggen/terug', { query: { state }, cookies: [cookie] }),
    ]) {
      const res = await call(attempt);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Aanmelden is niet gelukt');
      expect(res.cookies ?? []).toEqual([]);
    }
  });

  it('has no local sign-in: posting the local form is refused, and a development token opens no page', async () => {
    const posted = await call(event('POST', '/beheer/inloggen', { body: 'email=a%40leusden.nl&gemeente=leusden' }));
    expect(posted.statusCode).toBe(405);
    expect(posted.cookies ?? []).toEqual([]);
    const devToken = await mintDevToken(new TextEncoder().encode('x'.repeat(32)), 'lokaal', ['leusden'], { email: 'a@leusden.nl' });
    const dashboard = createDashboardHandler({ config, clock: systemClock } as unknown as Deps);
    const res = await dashboard({ ...event('GET', '/beheer/{tenant}/{year}'), rawPath: '/beheer/leusden/2027', pathParameters: { tenant: 'leusden', year: '2027' }, cookies: [`__Host-beheer=${devToken}`] }, lambdaContext('dashboard'));
    expect(res.statusCode).toBe(303);
    expect(res.headers!.location).toBe('/beheer/inloggen');
  });

  it('lets the dashboard\'s forms go only to this site, the document store and the managed login (sign-out redirects there)', async () => {
    const dashboard = createDashboardHandler({ config: { ...config, uploadOrigin: 'https://bijlagen.s3.eu-west-1.amazonaws.com' }, clock: systemClock } as unknown as Deps);
    const css = await dashboard(event('GET', '/stijl/beheer.css'), lambdaContext('dashboard'));
    const csp = String(css.headers!['Content-Security-Policy'] ?? css.headers!['content-security-policy']);
    expect(csp).toContain("form-action 'self' https://bijlagen.s3.eu-west-1.amazonaws.com https://beheer-login.auth.eu-west-1.amazoncognito.com");
    expect(csp).toContain("default-src 'none'");
  });

  it('signs out by clearing the cookie and ending the managed login too', async () => {
    const res = await call(event('POST', '/beheer/uitloggen', { body: '' }));
    expect(res.statusCode).toBe(303);
    expect(res.headers!.location).toBe('https://beheer-login.auth.eu-west-1.amazoncognito.com/logout?client_id=dashboardclient&logout_uri=https%3A%2F%2Fprestatieafspraken.example.org%2Fbeheer%2Finloggen%3Fafgemeld%3D1');
    expect(res.cookies).toEqual(['__Host-beheer=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure']);
  });
});
