import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { publicUrl } from '../adapters/app-config.js';
import type { Uses } from '../adapters/deps.js';
import { authorizeUrl, exchangeCode, logoutUrl } from '../adapters/cognito.js';
import { mintDevToken } from './auth.js';
import { checkFormToken, cookieAttributes, crossSite, dashboardFormActions, readCookie, sessionCookieName, verifyCognitoIdToken } from './session.js';
import { formBody, HttpProblem, htmlResponse, httpHandler, redirect, type HttpEvent, type HttpResult } from '../http/handler.js';
import { localSignInPage } from '../views/dashboard/sign-in.js';

/** A session lasts as long as the ID token: Cognito's default of an hour; locally a working day. */
const LOCAL_SESSION_HOURS = 8;

const localSignIn = z.object({
  // An address is at most 254 characters (RFC 5321); a longer one would only make a token too big for a cookie.
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'Dit e-mailadres is te lang: een e-mailadres heeft hoogstens 254 tekens. Vul uw eigen adres in, zoals naam@leusden.nl.')
    .pipe(z.email('Vul een e-mailadres in, zoals naam@leusden.nl.')),
  gemeente: z.string().trim().regex(/^[a-z0-9-]{2,60}$/, 'Vul het kenmerk van de gemeente in, bijvoorbeeld leusden.'),
});

/**
 * Signing in and out of the dashboard. In AWS: Cognito's managed login (password and MFA, users made
 * by an administrator) with the authorization code and PKCE; the ID token becomes the session
 * cookie. Locally (only when the local cloud chose the development mode, which the Lambda
 * configuration cannot): a form that issues a development token of the same shape.
 */
export function createSignInHandler(deps: Uses<'clock', 'publicBaseUrl' | 'coordinatorAuth' | 'uploadOrigin'>) {
  // Read at each request: the local cloud learns its base URL after the handlers are made.
  const callback = () => publicUrl(deps.config, '/beheer/inloggen/terug');
  const pkceCookie = () => (deps.config.publicBaseUrl.startsWith('https:') ? '__Host-inlog' : 'inlog');
  const withSession = (location: string, token: string, seconds: number): HttpResult => ({
    ...redirect(location),
    cookies: [`${sessionCookieName(deps.config)}=${token}; ${cookieAttributes(deps.config, seconds)}`, `${pkceCookie()}=; ${cookieAttributes(deps.config, 0)}`],
  });

  async function signOut(event: HttpEvent): Promise<HttpResult> {
    // Logout CSRF: a cross-site POST never carries the SameSite=Lax cookie, so the form token cannot
    // guard it, yet the answer would clear the cookie and end the managed login; that is another
    // site signing the coordinator out at will (and the first step to signing them in as someone else).
    if (crossSite(event, deps.config)) {
      throw new HttpProblem(403, 'Afmelden kan alleen vanaf het dashboard', 'U bent niet afgemeld. Wilt u afmelden, open dan het dashboard op /beheer en kies daar de knop Afmelden.');
    }
    const session = sessionCookieName(deps.config);
    const token = readCookie(event, session);
    if (token) checkFormToken(token, formBody(event).get('formulier'));
    const auth = deps.config.coordinatorAuth;
    const next = auth.mode === 'authorizer' && auth.cognito ? logoutUrl(auth.cognito, publicUrl(deps.config, '/beheer/inloggen?afgemeld=1')) : '/beheer/inloggen?afgemeld=1';
    return { ...redirect(next), cookies: [`${session}=; ${cookieAttributes(deps.config, 0)}`] };
  }

  function localForm(event: HttpEvent, status = 200, errors: Record<string, string> = {}, values: Record<string, string> = {}): HttpResult {
    return htmlResponse({ status, html: localSignInPage({ signedOut: event.queryStringParameters?.afgemeld === '1', errors, values }) });
  }

  return httpHandler(async (event) => {
    const method = event.requestContext.http.method;
    const auth = deps.config.coordinatorAuth;
    if (event.rawPath === '/beheer/uitloggen') return signOut(event);

    if (auth.mode === 'dev-jwt') {
      if (event.rawPath !== '/beheer/inloggen') throw new HttpProblem(404, 'Pagina niet gevonden', 'Meld u aan via /beheer/inloggen.');
      if (method !== 'POST') return localForm(event);
      // Login CSRF: another site must not sign this browser in under an address it chose.
      if (crossSite(event, deps.config)) throw new HttpProblem(403, 'Aanmelden kan alleen op deze pagina', 'U bent niet aangemeld. Open /beheer/inloggen en vul daar het formulier in.');
      const values = Object.fromEntries(formBody(event)) as Record<string, string>;
      const parsed = localSignIn.safeParse(values);
      if (!parsed.success) {
        return localForm(event, 400, Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])), values);
      }
      const token = await mintDevToken(auth.secret, `lokaal:${parsed.data.email}`, [parsed.data.gemeente], { hours: LOCAL_SESSION_HOURS, email: parsed.data.email });
      return withSession('/beheer', token, LOCAL_SESSION_HOURS * 3600);
    }

    const cognito = auth.cognito;
    if (!cognito) throw new HttpProblem(503, 'Aanmelden is niet ingericht', 'De beheerder moet de inlogpagina (Cognito) nog koppelen.');
    if (event.rawPath === '/beheer/inloggen') {
      if (method !== 'GET') throw new HttpProblem(405, 'Niet toegestaan', 'Open de inlogpagina via de link /beheer/inloggen.');
      const state = randomBytes(24).toString('base64url');
      const verifier = randomBytes(48).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      return {
        ...redirect(authorizeUrl(cognito, { redirectUri: callback(), state, challenge })),
        cookies: [`${pkceCookie()}=${state}.${verifier}; ${cookieAttributes(deps.config, 600)}`],
      };
    }
    // The way back from the managed login: the state must be the one this browser was sent off with.
    const [state, verifier] = (readCookie(event, pkceCookie()) ?? '').split('.');
    const given = Buffer.from(event.queryStringParameters?.state ?? '');
    const code = event.queryStringParameters?.code;
    if (!state || !verifier || !code || given.length !== state.length || !timingSafeEqual(given, Buffer.from(state))) {
      throw new HttpProblem(400, 'Aanmelden is niet gelukt', 'De aanmelding is verlopen of in een ander venster begonnen. Begin opnieuw bij /beheer/inloggen.');
    }
    const idToken = await exchangeCode(cognito, { code, verifier, redirectUri: callback() });
    if (!idToken) throw new HttpProblem(400, 'Aanmelden is niet gelukt', 'De inlogpagina gaf geen geldige aanmelding terug. Begin opnieuw bij /beheer/inloggen.');
    await verifyCognitoIdToken(idToken, cognito);
    const exp = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')).exp as number;
    return withSession('/beheer', idToken, exp - deps.clock.now().getTime() / 1000);
  }, 'html', { formActions: dashboardFormActions(deps.config) });
}
