import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalMacKeyring } from '../../functions/adapters/link-keys.js';
import { MAX_TOKEN_LENGTH, signLinkToken, verifyLinkToken, type LinkClaims } from '../../functions/core/link-token.js';

const now = new Date('2027-02-01T10:00:00Z');
const claims: LinkClaims = {
  tenant: 'leusden',
  cycle: 2027,
  instance: 'huuradvies',
  party: 'hlve',
  contact: 'secretaris',
  link: 'AbCdEfGhIjKlMnOp',
  purpose: 'submit',
  expiresAt: Math.floor(Date.parse('2027-04-30T00:00:00Z') / 1000),
};
const k1 = randomBytes(32);
const keyring = new LocalMacKeyring('k1', { k1 });

describe('signed link tokens', () => {
  it('round-trips every claim', async () => {
    const token = await signLinkToken(claims, keyring);
    expect(token).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(await verifyLinkToken(token, keyring, now)).toEqual({ ok: true, claims });
  });

  it('rejects every single-character change anywhere in the token', async () => {
    const token = await signLinkToken(claims, keyring);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (let i = 0; i < token.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(token[i]!) + 1) % alphabet.length]!;
      const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
      const result = await verifyLinkToken(tampered, keyring, now);
      expect(result.ok, `position ${i}`).toBe(false);
    }
  });

  it('rejects truncated, padded and oversized tokens as malformed', async () => {
    const token = await signLinkToken(claims, keyring);
    for (const bad of [token.slice(0, -1), token.slice(0, 20), `${token}A`, `${token}=`, `${token}.`, '', 'x'.repeat(MAX_TOKEN_LENGTH + 1)]) {
      const result = await verifyLinkToken(bad, keyring, now);
      expect(result).toMatchObject({ ok: false });
    }
    expect(await verifyLinkToken(token.slice(0, -1), keyring, now)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('rejects a token whose claims were changed and re-encoded without the key', async () => {
    const token = await signLinkToken(claims, keyring);
    const [v, kid, , mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify(['leusden', 2027, 'huuradvies', 'wsl', 'bestuurder', claims.link, 'submit', claims.expiresAt])).toString('base64url');
    expect(await verifyLinkToken(`${v}.${kid}.${forged}.${mac}`, keyring, now)).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('rejects an expired token, at the second of expiry', async () => {
    const token = await signLinkToken(claims, keyring);
    // Expired, but genuine: the claims come along, so their owner can ask for a new link.
    expect(await verifyLinkToken(token, keyring, new Date(claims.expiresAt * 1000))).toEqual({ ok: false, problem: 'expired', claims });
    expect((await verifyLinkToken(token, keyring, new Date(claims.expiresAt * 1000 - 1000))).ok).toBe(true);
  });

  it('rejects an unknown key id, a key signed by another key, and a retired key; accepts a listed old key', async () => {
    const token = await signLinkToken(claims, keyring);
    const other = new LocalMacKeyring('k2', { k2: randomBytes(32) });
    expect(await verifyLinkToken(token, other, now)).toEqual({ ok: false, problem: 'unknown-key' });
    const sameIdOtherKey = new LocalMacKeyring('k1', { k1: randomBytes(32) });
    expect(await verifyLinkToken(token, sameIdOtherKey, now)).toEqual({ ok: false, problem: 'bad-signature' });
    const rotated = new LocalMacKeyring('k2', { k1, k2: randomBytes(32) });
    expect((await verifyLinkToken(token, rotated, now)).ok).toBe(true);
    expect((await signLinkToken(claims, rotated)).startsWith('v1.k2.')).toBe(true);
  });

  it('never throws and never accepts on random input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 700 }), async (random) => {
        const result = await verifyLinkToken(random, keyring, now);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
