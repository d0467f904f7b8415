import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { AppConfig } from '../adapters/app-config.js';
import { HttpProblem, type HttpEvent } from '../http/handler.js';

/** Who is calling the coordinator API, and which municipalities they may see and change. */
export interface CoordinatorPrincipal {
  subject: string;
  /** The name or address the audit trail shows; from the token's `email` (Cognito) or `name` claim. */
  name?: string;
  tenants: string[];
  /** In the Cognito group `beheerder`: may administer the municipalities of its `tenant:<id>` groups, and create new ones. */
  administrator?: boolean;
}

/** The group of administrators (see CoordinatorPrincipal.administrator). */
export const ADMINISTRATOR_GROUP = 'beheerder';

export const DEV_ISSUER = 'prestatiecyclus-lokaal';
export const COORDINATOR_AUDIENCE = 'prestatiecyclus-coordinator';

/** Tenants a user may see come from groups named `tenant:<id>` (Cognito groups, set by an administrator). */
export function principalOf(claims: Record<string, unknown>): CoordinatorPrincipal {
  if (typeof claims.sub !== 'string') throw notSignedIn();
  const name = typeof claims.email === 'string' ? claims.email : typeof claims.name === 'string' ? claims.name : undefined;
  const groups = groupsOf(claims['cognito:groups']);
  const tenants = groups.filter((g) => g.startsWith('tenant:')).map((g) => g.slice('tenant:'.length));
  return { subject: claims.sub, ...(name ? { name } : {}), tenants, ...(groups.includes(ADMINISTRATOR_GROUP) ? { administrator: true } : {}) };
}

/** The authorizer passes the groups as a list, or as one string "[a b]" (API Gateway's claim mapping). */
function groupsOf(groups: unknown): string[] {
  const list = Array.isArray(groups) ? groups : typeof groups === 'string' ? groups.replace(/^\[|\]$/g, '').split(/[\s,]+/) : [];
  return list.filter((g): g is string => typeof g === 'string');
}

export const notSignedIn = () => new HttpProblem(401, 'Niet aangemeld', 'Meld u aan als coördinator en probeer het opnieuw.');

export async function authorizeCoordinator(event: HttpEvent, config: Pick<AppConfig, 'coordinatorAuth'>): Promise<CoordinatorPrincipal> {
  const auth = config.coordinatorAuth;
  if (auth.mode === 'authorizer') {
    const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims;
    if (!claims) throw notSignedIn();
    return principalOf(claims);
  }
  const header = event.headers.authorization ?? '';
  if (!header.startsWith('Bearer ')) throw notSignedIn();
  return verifyDevToken(header.slice(7), auth.secret);
}

/** A local development token: HS256 with the secret made at start, our issuer and audience. */
export async function verifyDevToken(token: string, secret: Uint8Array): Promise<CoordinatorPrincipal> {
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: DEV_ISSUER, audience: COORDINATOR_AUDIENCE, algorithms: ['HS256'] });
    return principalOf(payload);
  } catch {
    throw notSignedIn();
  }
}

/** A coordinator of one municipality reads and changes nothing of another. */
export function assertTenant(principal: CoordinatorPrincipal, tenant: string): void {
  if (!principal.tenants.includes(tenant)) {
    throw new HttpProblem(403, 'Geen toegang tot deze gemeente', 'U bent coördinator van een andere gemeente. Vraag de beheerder om toegang als dat nodig is.');
  }
}

/** A local development token, shaped like a Cognito ID token: `sub` and `cognito:groups`. Local only. */
export async function mintDevToken(secret: Uint8Array, subject: string, tenants: string[], options: { hours?: number; email?: string; administrator?: boolean } = {}): Promise<string> {
  const hours = options.hours ?? 12;
  const groups = [...tenants.map((t) => `tenant:${t}`), ...(options.administrator ? [ADMINISTRATOR_GROUP] : [])];
  return new SignJWT({ 'cognito:groups': groups, lokaal: true, ...(options.email ? { email: options.email } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(DEV_ISSUER)
    .setAudience(COORDINATOR_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${hours}h`)
    .sign(secret);
}

export const cyclePathSchema = z.object({
  tenant: z.string().regex(/^[a-z0-9-]{2,60}$/, 'onbekende gemeente in het adres'),
  year: z.coerce.number().int().min(2000, 'jaar moet tussen 2000 en 2200 liggen').max(2200, 'jaar moet tussen 2000 en 2200 liggen'),
});

export function cyclePath(event: HttpEvent): z.infer<typeof cyclePathSchema> {
  const parsed = cyclePathSchema.safeParse(event.pathParameters ?? {});
  if (!parsed.success) {
    throw new HttpProblem(400, 'Ongeldig adres', `Controleer het adres: ${parsed.error.issues.map((i) => i.message).join('; ')}.`);
  }
  return parsed.data;
}

/** Every coordinator route starts here: signed in (401), a valid address (400), this municipality (403). */
export async function coordinatorCycle(event: HttpEvent, config: Pick<AppConfig, 'coordinatorAuth'>) {
  const principal = await authorizeCoordinator(event, config);
  const path = cyclePath(event);
  assertTenant(principal, path.tenant);
  return { ...path, principal };
}
