import { createHash, timingSafeEqual } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { AppConfig, CognitoSignIn } from '../adapters/app-config.js';
import { assertTenant, cyclePath, notSignedIn, principalOf, verifyDevToken, type CoordinatorPrincipal } from './auth.js';
import { HttpProblem, type HttpEvent } from '../http/handler.js';

/**
 * The dashboard's sign-in: its pages are opened by a browser, which cannot send a Bearer token, so
 * the coordinator's ID token (Cognito in AWS, the development token locally) is kept in an HttpOnly
 * cookie and checked by the function on every request (the API's JWT authorizer cannot read
 * cookies). Forms carry a token derived from the session, so another site cannot post them.
 */

/** `__Host-` binds the cookie to this host over https; plain http (local) cannot use that prefix. */
export function sessionCookieName(config: Pick<AppConfig, 'publicBaseUrl'>): string {
  return config.publicBaseUrl.startsWith('https:') ? '__Host-beheer' : 'beheer';
}

export function cookieAttributes(config: Pick<AppConfig, 'publicBaseUrl'>, maxAgeSeconds: number): string {
  const secure = config.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure}`;
}

/** Cookies as API Gateway (payload 2.0) delivers them, in `event.cookies`, or in the header. */
export function readCookie(event: HttpEvent, name: string): string | undefined {
  const all = event.cookies ?? (event.headers.cookie ? event.headers.cookie.split(';') : []);
  for (const cookie of all) {
    const at = cookie.indexOf('=');
    if (at > 0 && cookie.slice(0, at).trim() === name) return cookie.slice(at + 1).trim();
  }
  return undefined;
}

const verifiers = new Map<string, ReturnType<typeof CognitoJwtVerifier.create<{ userPoolId: string; tokenUse: 'id'; clientId: string }>>>();

/** Checks a Cognito ID token: signature against the pool's published keys, issuer, client, expiry. */
export async function verifyCognitoIdToken(token: string, cognito: CognitoSignIn): Promise<CoordinatorPrincipal> {
  let verifier = verifiers.get(cognito.clientId);
  if (!verifier) {
    verifier = CognitoJwtVerifier.create({ userPoolId: cognito.userPoolId, tokenUse: 'id', clientId: cognito.clientId });
    verifiers.set(cognito.clientId, verifier);
  }
  try {
    return principalOf((await verifier.verify(token)) as unknown as Record<string, unknown>);
  } catch {
    throw notSignedIn();
  }
}

/** The signed-in coordinator of a dashboard request, and the session token the form token is made from. */
export async function sessionPrincipal(event: HttpEvent, config: Pick<AppConfig, 'coordinatorAuth' | 'publicBaseUrl'>): Promise<{ principal: CoordinatorPrincipal; token: string }> {
  const token = readCookie(event, sessionCookieName(config));
  if (!token || token.length > 8192) throw notSignedIn();
  const auth = config.coordinatorAuth;
  if (auth.mode === 'dev-jwt') return { principal: await verifyDevToken(token, auth.secret), token };
  if (!auth.cognito) throw notSignedIn();
  return { principal: await verifyCognitoIdToken(token, auth.cognito), token };
}

/** The form token of a session: knowable only to who can read the cookie, i.e. this site's pages. */
export function formTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`prestatiecyclus-formulier\n${sessionToken}`).digest('base64url');
}

/** A form of the dashboard is accepted only with the session's form token, compared in constant time. */
export function checkFormToken(sessionToken: string, given: string | null | undefined): void {
  const expected = Buffer.from(formTokenOf(sessionToken));
  const actual = Buffer.from(given ?? '');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new HttpProblem(403, 'Formulier verlopen', 'Dit formulier hoort niet bij uw huidige aanmelding. Laad de pagina opnieuw en probeer het nog eens.');
  }
}

/**
 * Whether the browser says a POST came from a page of another site: by Sec-Fetch-Site (anything
 * but `same-origin`), or where it sends no such header, by an Origin other than this site's. A
 * request with neither is no browser posting from another site (every current browser sends
 * Origin on a cross-origin POST): a script, which can only touch its own cookies.
 */
export function crossSite(event: HttpEvent, config: Pick<AppConfig, 'publicBaseUrl'>): boolean {
  const fetchSite = event.headers['sec-fetch-site'];
  if (fetchSite !== undefined) return fetchSite !== 'same-origin';
  const origin = event.headers.origin;
  return origin !== undefined && origin !== new URL(config.publicBaseUrl).origin;
}

/** Every dashboard page starts here: signed in (401), a valid address (400), this municipality (403). */
export async function sessionCycle(event: HttpEvent, config: Pick<AppConfig, 'coordinatorAuth' | 'publicBaseUrl'>) {
  const { principal, token } = await sessionPrincipal(event, config);
  const path = cyclePath(event);
  assertTenant(principal, path.tenant);
  return { ...path, principal, formToken: formTokenOf(token), sessionToken: token };
}

/**
 * Where the dashboard's forms may go besides this site: the document store (the PDF upload) and,
 * in AWS, the managed login that signing out redirects to (form-action covers redirects too).
 */
export function dashboardFormActions(config: Pick<AppConfig, 'coordinatorAuth' | 'uploadOrigin'>): string[] {
  const auth = config.coordinatorAuth;
  return [...(config.uploadOrigin ? [config.uploadOrigin] : []), ...(auth.mode === 'authorizer' && auth.cognito ? [new URL(auth.cognito.domain).origin] : [])];
}
