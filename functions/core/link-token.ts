import { z } from 'zod';

/**
 * A signed link token: `v1.<keyId>.<payload>.<mac>`, payload and MAC in base64url. The MAC
 * (HMAC-SHA256) covers everything before the last dot, so the version and key id are signed too.
 */
export const TOKEN_VERSION = 'v1';
/** Far above a real token (about 250 characters); anything longer is rejected before any work. */
export const MAX_TOKEN_LENGTH = 600;
const MAC_LENGTH = 43; // 32 bytes in unpadded base64url
const B64URL = /^[A-Za-z0-9_-]+$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * What a link opens, and nothing else: `submit` a deliverable's form, `read` a deliverable another
 * party submitted for this party, `calendar` the party's calendar feed, `party` the party's page.
 */
export const LINK_PURPOSES = ['submit', 'calendar', 'read', 'party'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

const idPart = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);
const payloadSchema = z.tuple([
  idPart, // tenant
  z.number().int().min(2000).max(2200), // cycle year
  idPart, // deliverable instance
  idPart, // party
  idPart, // contact
  idPart, // link id
  z.enum(LINK_PURPOSES), // purpose: what the link opens, and nothing else
  z.number().int().positive(), // expiry, seconds since epoch
]);

export interface LinkClaims {
  tenant: string;
  cycle: number;
  instance: string;
  party: string;
  contact: string;
  link: string;
  purpose: LinkPurpose;
  /** Expiry as seconds since the epoch. */
  expiresAt: number;
}

/** Produces and checks MACs; the key material never leaves it (a local key file, or KMS in AWS). */
export interface MacKeyring {
  readonly currentKeyId: string;
  has(keyId: string): boolean;
  mac(keyId: string, data: Buffer): Promise<Buffer>;
  /** Must compare in constant time and return false for a MAC of the wrong length. */
  verify(keyId: string, data: Buffer, mac: Buffer): Promise<boolean>;
}

export type TokenProblem = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired';
/** An expired token still says whose it was (its MAC held), so its owner can ask for a new one. */
export type TokenCheck = { ok: true; claims: LinkClaims } | { ok: false; problem: TokenProblem; claims?: LinkClaims };

export async function signLinkToken(claims: LinkClaims, keyring: MacKeyring): Promise<string> {
  const payload = Buffer.from(
    JSON.stringify([
      claims.tenant,
      claims.cycle,
      claims.instance,
      claims.party,
      claims.contact,
      claims.link,
      claims.purpose,
      claims.expiresAt,
    ]),
  ).toString('base64url');
  const kid = keyring.currentKeyId;
  const signed = `${TOKEN_VERSION}.${kid}.${payload}`;
  const mac = await keyring.mac(kid, Buffer.from(signed));
  return `${signed}.${mac.toString('base64url')}`;
}

/** Checks shape, key, MAC and expiry, in that order; the payload is parsed only after the MAC holds. */
export async function verifyLinkToken(token: string, keyring: MacKeyring, now: Date): Promise<TokenCheck> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, problem: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 4) return { ok: false, problem: 'malformed' };
  const [version, kid, payload, mac] = parts as [string, string, string, string];
  if (version !== TOKEN_VERSION || !KEY_ID.test(kid) || !B64URL.test(payload) || !B64URL.test(mac)) {
    return { ok: false, problem: 'malformed' };
  }
  if (mac.length !== MAC_LENGTH) return { ok: false, problem: 'malformed' };
  const macBytes = Buffer.from(mac, 'base64url');
  // Base64url has spare bits in its last character: only the canonical encoding is accepted.
  if (macBytes.length !== 32 || macBytes.toString('base64url') !== mac) return { ok: false, problem: 'malformed' };
  if (!keyring.has(kid)) return { ok: false, problem: 'unknown-key' };
  const valid = await keyring.verify(kid, Buffer.from(`${version}.${kid}.${payload}`), macBytes);
  if (!valid) return { ok: false, problem: 'bad-signature' };
  let parsed: z.infer<typeof payloadSchema>;
  try {
    parsed = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const [tenant, cycle, instance, party, contact, link, purpose, expiresAt] = parsed;
  const claims: LinkClaims = { tenant, cycle, instance, party, contact, link, purpose, expiresAt };
  if (expiresAt * 1000 <= now.getTime()) return { ok: false, problem: 'expired', claims };
  return { ok: true, claims };
}
