import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { samplePdf, uploadPdf } from '../../infra/local/simulate.js';
import { inbox } from '../support.js';
import { advice, expectRefusal, forwardedCloud, recordsOf, request, submitThrough, tokenOf, type ForwardedCloud } from './forwarded-cloud.js';

/**
 * A version's PDF reaches a reader through `GET /lezen/{token}/document/{version}`: a 303 to a
 * short-lived presigned download (locally `/_lokaal/download`, signed by the local document store
 * as S3 signs a presigned GET). Reading, downloading and their HEADs change nothing, and a download
 * address that was changed or is past its expiry is a Dutch 403.
 */
const clock = new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1);
let f: ForwardedCloud;
let http: string;
let read: string;
const pdf = samplePdf('huuradvies 2027, versie 2');

beforeAll(async () => {
  f = await forwardedCloud(clock);
  http = f.cloud.urls.http;
  read = tokenOf(f.wsl.read);
  // Version 2 of the huuradvies, with a PDF (version 1 has none).
  const afterUpload = (await uploadPdf(await (await fetch(f.hlveSubmit)).text(), 'Huuradvies HLVE.pdf', pdf))!;
  const bijlage = /name="bijlage" value="([^"]+)"/.exec(afterUpload)![1]!;
  await submitThrough(f.hlveSubmit, { ...advice, advies: 'Aangevuld advies, met de onderbouwing als PDF.', bijlage }, afterUpload);
  expect((await recordsOf(f.cloud)).submissions.map((s) => Boolean(s.attachment))).toEqual([false, true]);
});
afterAll(async () => f?.cloud.stop());

const mails = async () => (await inbox(f.cloud.urls.ses)).length;
const presigned = async () => {
  const res = await request(`${http}/lezen/${read}/document/2`);
  expect(res.status).toBe(303);
  return res.headers.get('location')!;
};
const expectDownloadRefused = (res: { status: number; headers: Headers; body: string }, what: string) => {
  expectRefusal(res, 403, what);
  expect(res.body, what).toContain('Downloadlink verlopen');
  expect(res.body, what).not.toContain('%PDF');
};

describe('the document route', () => {
  it('redirects a reader to a presigned download of the version, on the configured address, not stored anywhere', async () => {
    const page = await request(f.wsl.read);
    expect(page.body).toContain(`/lezen/${read}/document/2`);
    const res = await request(`${http}/lezen/${read}/document/2`);
    expect(res.status).toBe(303);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(new URL(http).origin);
    expect(location.pathname).toBe('/_lokaal/download');
    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('cache-control')).toBe('private, no-store');
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('is a 404 for a version without a PDF or that does not exist, however the number is written', async () => {
    for (const version of ['1', '3', '0', '02', '2.0', '-2', '2%20', '%32', 'twee', 'x'.repeat(2_000)]) {
      const res = await request(`${http}/lezen/${read}/document/${version}`);
      expect(res.status, version.slice(0, 20)).toBe(version === '%32' ? 303 : 404); // %32 is "2", decoded by the gateway
      if (res.status === 404) expect(res.body).toContain('Dit document bestaat niet');
    }
  });

  it('opens no document for a tampered, expired, foreign-purpose or foreign-party token', async () => {
    const claims = await f.claimsOf(f.wsl.read);
    const tokens = {
      tampered: [read.slice(0, -10) + (read.at(-10) === 'A' ? 'B' : 'A') + read.slice(-9), 403],
      expired: [await f.sign(claims, { expiresAt: Math.floor(clock.now().getTime() / 1000) - 60 }), 410],
      submit: [tokenOf(f.hlveSubmit), 404],
      party: [tokenOf(f.wsl.party), 404],
      hlve: [await f.sign(claims, { party: 'hlve', contact: 'secretaris' }), 404],
    } as const;
    for (const [what, [token, status]] of Object.entries(tokens)) {
      const res = await request(`${http}/lezen/${token}/document/2`);
      expect(res.status, what).toBe(status);
      expect(res.headers.get('location'), what).toBeNull();
    }
  });
});

describe('a presigned download address', () => {
  it('refuses any change to its key, name, expiry or signature with a Dutch 403, on GET and HEAD', async () => {
    const url = new URL(await presigned());
    const p = Object.fromEntries(url.searchParams) as Record<'key' | 'naam' | 'verloopt' | 'handtekening', string>;
    const flip = (s: string) => s.slice(0, 4) + (s[4] === 'A' ? 'B' : 'A') + s.slice(5);
    const variants: Record<string, Record<string, string | undefined>> = {
      'another key': { key: p.key.replace(/[^/]+$/, 'ander.pdf') },
      'a key outside the store': { key: `${p.key}/../../../../etc/passwd` },
      'another name': { naam: 'factuur.exe' },
      'a later expiry': { verloopt: String(Number(p.verloopt) + 3600) },
      'a flipped signature': { handtekening: flip(p.handtekening) },
      'no signature': { handtekening: undefined },
      'an empty signature': { handtekening: '' },
      'a truncated signature': { handtekening: p.handtekening.slice(0, -1) },
    };
    for (const [what, change] of Object.entries(variants)) {
      const changed = new URL(url);
      for (const [name, value] of Object.entries(change)) {
        if (value === undefined) changed.searchParams.delete(name);
        else changed.searchParams.set(name, value);
      }
      expectDownloadRefused(await request(changed.toString()), what);
      expect((await request(changed.toString(), { method: 'HEAD' })).status, what).toBe(403);
    }
    expect((await fetch(url)).status).toBe(200); // the untouched address still works
  });

  it('refuses one past its expiry with the same Dutch 403', async () => {
    const { attachment } = (await recordsOf(f.cloud)).submissions[1]!;
    const now = Date.now();
    const spy = vi.spyOn(Date, 'now').mockReturnValue(now - 10 * 60 * 1000); // signed ten minutes ago
    let old: string;
    try {
      old = await f.cloud.deps.documents.presignDownload(attachment!.key, attachment!.fileName);
    } finally {
      spy.mockRestore();
    }
    expect(Number(new URL(old).searchParams.get('verloopt')) * 1000).toBeLessThan(now);
    expectDownloadRefused(await request(old), 'expired');
    // Signed now, the same key and name download (so the refusal above is the expiry).
    expect((await fetch(await f.cloud.deps.documents.presignDownload(attachment!.key, attachment!.fileName))).status).toBe(200);
  });
});

describe('GET and HEAD storms', () => {
  it('on /lezen, its documents, the download and /partij change nothing and send nothing', async () => {
    const party = tokenOf(f.wsl.party);
    const download = await presigned();
    const urls = [
      f.wsl.read,
      `${f.wsl.read}?bevestigd=1`,
      `${http}/lezen/${read}/document/1`,
      `${http}/lezen/${read}/document/2`,
      download,
      f.wsl.party,
      f.gemeente.read,
      f.gemeente.party,
      `${http}/partij/${party}/indienen/melding-wsl`, // POST only: 405
      `${http}/lezen/${read}/nieuwe-link`, // POST only: 405
      `${http}/lezen/${read.slice(0, -1)}`,
      `${http}/partij/${party.slice(0, -1)}`,
    ];
    const before = await f.scan();
    const sent = await mails();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => urls.flatMap((url) => ['GET', 'HEAD'].map(async (method) => [method, url, (await request(url, { method })).status] as const))).flat(),
    );
    for (const [method, url, status] of results) expect(status, `${method} ${url.slice(-40)}`).toBeLessThan(500);
    expect(results.filter(([, url, status]) => url === f.wsl.read && status === 200)).toHaveLength(20);
    expect(results.filter(([, url, status]) => url.endsWith('/document/1') && status === 404)).toHaveLength(20);
    expect(results.filter(([, url, status]) => url.includes('/indienen/') && status === 405)).toHaveLength(20);
    expect(await f.scan()).toEqual(before);
    expect(await mails()).toBe(sent);
    expect((await recordsOf(f.cloud)).confirmations).toEqual([]);
  });
});

describe('security headers', () => {
  it('every page of the new routes, their refusals, the redirect and a refused download are no-store, no-referrer, framed nowhere, with a strict CSP', async () => {
    const party = tokenOf(f.wsl.party);
    for (const url of [f.wsl.read, f.wsl.party, `${http}/lezen/${read}/document/1`, `${http}/lezen/${read.slice(0, -1)}`, `${http}/partij/${party.slice(0, -1)}`, `${http}/partij/${read}`, `${http}/lezen/${read}/document/2`, `${http}/_lokaal/download?key=x&naam=y&verloopt=9999999999&handtekening=z`]) {
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.headers.get('cache-control'), url.slice(-30)).toBe('no-store');
      expect(res.headers.get('referrer-policy'), url.slice(-30)).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), url.slice(-30)).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), url.slice(-30)).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), url.slice(-30)).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy'), url.slice(-30)).not.toContain('script-src');
      await res.arrayBuffer();
    }
  });
});
