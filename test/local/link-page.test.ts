import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { LocalMacKeyring } from '../../functions/adapters/link-keys.js';
import { signLinkToken, verifyLinkToken } from '../../functions/core/link-token.js';
import { verifyReceipt } from '../../functions/core/receipt.js';
import { personalLink } from '../../functions/services/links.js';
import { seedTenant } from '../../infra/local/seed.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { formKeyIn, hlve as hlveContact, huuradviesTemplate, inbox, linkFor, postForm, runCli, tableScan, testCloud } from '../support.js';

// The clock barely moves (1×) from 20 February 2027, eight days before the huuradvies deadline.
const clock = new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1);
let cloud: LocalCloud;
let link: string;
let scan: () => Promise<unknown[]>;
const hlve = { ...hlveContact, tenantId: 'leusden' };
const advice = {
  standpunt: 'positief-met-kanttekeningen',
  advies: 'Wij adviseren positief, mits de huurverhoging voor de laagste inkomens beperkt blijft.',
  naam: 'Secretaris HLVE',
  namens: 'Huurders Leusden Voor Elkaar',
};

async function page(url: string, init?: RequestInit) {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

async function freshForm(): Promise<string> {
  return formKeyIn((await page(link)).body);
}

beforeAll(async () => {
  cloud = await testCloud({ clock });
  await seedTenant(cloud.store, 'leusden', 'Gemeente Leusden', huuradviesTemplate);
  const open = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027/open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cloud.devToken}` },
  });
  expect(open.status).toBe(202);
  await cloud.engine.ended('open-leusden-2027');
  cloud.engine.stop(); // these tests drive the pages, not the reminders
  link = await linkFor(cloud);
  scan = tableScan(cloud);
});
afterAll(async () => cloud?.stop());

describe('the signed link page', () => {
  it('shows the advice form in Dutch, with the deadline and the clause, and no-store headers', async () => {
    const res = await page(link);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<html lang="nl">');
    expect(res.body).toContain('Uiterlijk <strong>zondag 28 februari 2027</strong>');
    expect(res.body).toContain('afspraak 48, Prestatieafspraken Leusden 2020-2022');
    expect(res.body).toContain('<label for="advies">Advies</label>');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
  });

  it('changes nothing on GET or HEAD (mail scanners open links first)', async () => {
    const before = await scan();
    await page(link);
    const head = await page(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(await scan()).toEqual(before);
  });

  it('answers a tampered, truncated, expired, revoked or unknown-key link with a Dutch page, never a 500', async () => {
    const at = link.lastIndexOf('/') + 1;
    const token = link.slice(at);
    const base = link.slice(0, at);
    const flipped = token.slice(0, -5) + (token.at(-5) === 'A' ? 'B' : 'A') + token.slice(-4);
    const tampered = await page(base + flipped);
    expect(tampered.status).toBe(403);
    expect(tampered.body).toContain('Deze link klopt niet');
    const truncated = await page(base + token.slice(0, 40));
    expect(truncated.status).toBe(400);
    expect(truncated.body).toContain('Deze link is niet compleet');

    const checked = await verifyLinkToken(token, cloud.deps.linkKeys, clock.now());
    if (!checked.ok) throw new Error('link should verify');
    const expired = await signLinkToken({ ...checked.claims, expiresAt: Math.floor(clock.now().getTime() / 1000) - 1 }, cloud.deps.linkKeys);
    expect((await page(base + expired)).status).toBe(410);
    const otherKey = await signLinkToken(checked.claims, LocalMacKeyring.generate('onbekend'));
    expect((await page(base + otherKey)).body).toContain('sleutel die niet meer wordt gebruikt');
    const otherParty = await signLinkToken({ ...checked.claims, party: 'wsl' }, cloud.deps.linkKeys);
    expect((await page(base + otherParty)).status).toBe(404);

    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    const spare = await personalLink(cloud.deps, { ...records, links: [] }, hlve);
    await cloud.store.links.revoke('leusden', 2027, 'huuradvies', spare.link.linkId, clock.now());
    const revoked = await page(spare.url);
    expect(revoked.status).toBe(410);
    expect(revoked.body).toContain('ingetrokken');
  });

  it('re-shows the form with every error and the input kept, and stores nothing', async () => {
    const before = await scan();
    const res = await postForm(link, { formKey: await freshForm(), standpunt: 'positief', advies: 'te kort <b>x</b>', naam: '', namens: 'HLVE' });
    const body = await res.text();
    expect(res.status).toBe(422);
    expect(body).toContain('Er zijn 2 fouten in het formulier');
    expect(body).toContain('<a href="#advies">Het advies is te kort: schrijf minstens 20 tekens.</a>');
    expect(body).toContain('Vul uw naam in');
    expect(body).toContain('te kort &lt;b&gt;x&lt;/b&gt;</textarea>');
    expect(body).toMatch(/id="standpunt-positief" name="standpunt" value="positief" checked/);
    expect(await scan()).toEqual(before);
  });

  it('refuses a wrong content type (415) and an oversized body (413) without storing anything', async () => {
    const before = await scan();
    const json = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect(await json.text()).toContain('Verstuur het formulier vanaf de pagina zelf');
    const big = await postForm(link, { ...advice, formKey: await freshForm(), advies: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    expect(await scan()).toEqual(before);
  });

  it('stores a valid advice once, shows a verifiable receipt, mails it, and marks it ingediend', async () => {
    const formKey = await freshForm();
    const res = await postForm(link, { ...advice, formKey });
    expect(res.status).toBe(303);
    const receiptUrl = res.headers.get('location')!;
    expect(receiptUrl).toBe(`${link}/ontvangstbewijs/1`);
    const receipt = await page(receiptUrl);
    expect(receipt.status).toBe(200);
    expect(receipt.body).toContain('Ontvangstbewijs');

    const again = await postForm(link, { ...advice, formKey });
    expect(again.headers.get('location')).toBe(receiptUrl);

    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    expect(records.instance.status).toBe('ingediend');
    expect(records.submissions).toHaveLength(1);
    const [stored] = records.submissions;
    expect(stored!.fields).toEqual(advice);
    expect(receipt.body).toContain(stored!.receipt.contentSha256);
    const { receipt: signed, ...content } = stored!;
    expect(verifyReceipt(content, signed, cloud.publicKeyPem)).toBe(true);
    expect(records.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['geopend', 'ingediend']));

    const mails = await inbox(cloud.urls.ses);
    const mail = mails.find((m) => m.subject.startsWith('Ontvangstbewijs'));
    expect(mail?.destination.to).toEqual([hlve.email]);
    expect(mail?.body.text).toContain(stored!.receipt.contentSha256);

    const status = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027`, { headers: { authorization: `Bearer ${cloud.devToken}` } });
    const json = (await status.json()) as { deliverables: { status: string; submissions: unknown[] }[] };
    expect(json.deliverables[0]).toMatchObject({ status: 'ingediend', submissions: [{ version: 1, late: false }] });
  });

  it('keeps the first version when a corrected one is submitted', async () => {
    const res = await postForm(link, { ...advice, standpunt: 'positief', formKey: await freshForm() });
    expect(res.headers.get('location')).toBe(`${link}/ontvangstbewijs/2`);
    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    expect(records.submissions.map((s) => [s.version, s.fields.standpunt])).toEqual([
      [1, 'positief-met-kanttekeningen'],
      [2, 'positief'],
    ]);
  });

  it('escapes submitted text on the receipt and in the status JSON consumers render', async () => {
    const xss = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const res = await postForm(link, { ...advice, naam: xss, formKey: await freshForm() });
    const receipt = await page(res.headers.get('location')!);
    expect(receipt.body).not.toContain('<script>alert');
    expect(receipt.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('the coordinator status API', () => {
  const url = () => `${cloud.urls.http}/api/tenants/leusden/cycles/2027`;

  it('refuses a request without the token, or with a wrong one, in Dutch', async () => {
    const none = await fetch(url());
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ fout: 'Niet aangemeld', uitleg: 'Meld u aan als coördinator en probeer het opnieuw.' });
    expect((await fetch(url(), { headers: { authorization: 'Bearer fout' } })).status).toBe(401);
  });

  it('exports the year as CSV that opens in Excel with Dutch settings', async () => {
    const res = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027/export.csv`, { headers: { authorization: `Bearer ${cloud.devToken}` } });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="prestatieafspraken-leusden-2027.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, row] = bytes.toString('utf8').slice(1).split('\r\n');
    expect(header).toBe('"Laatste dag";"Levering";"Partij";"Status";"Termijn";"Laatst ingediend";"Versies";"Berichten verstuurd";"Afspraak";"Kenmerk"');
    expect(row).toMatch(/^"2027-02-28";"Huuradvies over de jaarlijkse huursomaanpassing";"Huurders Leusden Voor Elkaar \(HLVE\)";"ingediend";"zondag 28 februari 2027";"2027-02-\d\d";"\d+";"\d+";"48";"huuradvies"$/);
  });

  it('exports the whole year as ICS', async () => {
    const res = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027/export.ics`, { headers: { authorization: `Bearer ${cloud.devToken}` } });
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const ics = await res.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('UID:huuradvies-test-2027-huuradvies@prestatiecyclus');
  });

  it('answers a bad year or an unopened cycle with a 4xx that says what is wrong', async () => {
    const auth = { headers: { authorization: `Bearer ${cloud.devToken}` } };
    const bad = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/twintig`, auth);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { uitleg: string }).uitleg).toContain('Controleer het adres');
    const missing = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2031`, auth);
    expect(missing.status).toBe(404);
  });
});

describe('receipts as files', () => {
  it('download as JSON and verify offline with the public key; one changed character makes them ongeldig', async () => {
    const res = await postForm(link, { ...advice, formKey: await freshForm() });
    const json = await fetch(`${res.headers.get('location')!}?formaat=json`);
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename="ontvangstbewijs-huuradvies-v\d+\.json"$/);
    const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
    const text = await json.text();
    writeFileSync(join(dir, 'bewijs.json'), text);
    writeFileSync(join(dir, 'sleutel.pem'), cloud.publicKeyPem);
    writeFileSync(join(dir, 'gewijzigd.json'), text.replace('mits de huurverhoging', 'mits de huurverlaging'));
    const verify = (file: string) => runCli('verify-receipt.ts', join(dir, file), '--key', join(dir, 'sleutel.pem'));
    expect(await verify('bewijs.json')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^GELDIG: inhoud ongewijzigd/) });
    expect(await verify('gewijzigd.json')).toMatchObject({ code: 1, stdout: 'ONGELDIG: de inhoud is gewijzigd; de vingerafdruk klopt niet meer.\n' });
  });
});

describe('double submits', () => {
  it('store one version for 20 concurrent posts of the same form, and send all to the same receipt', async () => {
    const before = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!.submissions.length;
    const formKey = await freshForm();
    const responses = await Promise.all(Array.from({ length: 20 }, () => postForm(link, { ...advice, formKey })));
    const statuses = responses.map((r) => r.status);
    const locations = new Set(responses.map((r) => r.headers.get('location')));
    expect(statuses.every((s) => s === 303), statuses.join(',')).toBe(true);
    expect(locations.size).toBe(1);
    const after = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!.submissions.length;
    expect(after - before).toBe(1);
  });
});

describe('checking before submitting (WCAG 3.3.4)', () => {
  it('shows a summary first and stores only on confirmation; going back keeps the input', async () => {
    const before = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!.submissions.length;
    const formKey = await freshForm();
    expect((await page(link)).body).toContain('<input type="hidden" name="stap" value="controle">');
    const check = await postForm(link, { ...advice, formKey, stap: 'controle' });
    const summary = await check.text();
    expect(check.status).toBe(200);
    expect(summary).toContain('<h1>Controleer uw gegevens</h1>');
    expect(summary).toContain('<dt>Uw standpunt</dt><dd>Positief met kanttekeningen</dd>');
    expect(summary).toContain('<input type="hidden" name="stap" value="bevestigen">');
    expect((await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!.submissions.length).toBe(before);

    const back = await (await postForm(link, { ...advice, formKey, stap: 'wijzigen' })).text();
    expect(back).toContain(`value="${advice.naam}"`);
    expect(back).toContain(`name="formKey" value="${formKey}"`);

    const confirmed = await postForm(link, { ...advice, formKey, stap: 'bevestigen' });
    expect(confirmed.status).toBe(303);
    expect((await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!.submissions.length).toBe(before + 1);
  });
});
