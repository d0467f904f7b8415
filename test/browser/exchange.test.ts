import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { signLinkToken, type LinkClaims } from '../../functions/core/link-token.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { samplePdf } from '../../infra/local/simulate.js';
import { coordinator, hlve, inbox, linkFor, seedAndOpen, testCloud } from '../support.js';
import { axe, axeDir, browserTestsEnabled, launch, openPage, screenshotDir } from './chromium.js';

/**
 * A whole exchange of Leusden's 2026 agreement (Omthuis) in real Chromium: Omthuis asks HLVE for
 * advice on the rent adjustment, HLVE advises, the advice is forwarded to Omthuis, which reads it,
 * downloads the PDF, confirms receipt, and answers it from its party page; the coordinator sees the
 * confirmations. Every page and error state passes axe-core at WCAG 2.1 AA.
 */
const enabled = browserTestsEnabled();
const template = new URL('../../workflows/cycles/leusden-omthuis-2026.yaml', import.meta.url);
// Before the deadlines (the request is due before 1 March 2026), at real speed: the engine is stopped.
const clock = new ScaledClock(new Date('2026-01-15T09:00:00Z'), 1);
const OMTHUIS = 'Omthuis (voorheen Woningstichting Leusden)';
const HLVE = 'Stichting Huurders Leusden Voor Elkaar (HLVE)';
const REQUEST = 'Adviesaanvraag huuraanpassing per 1 juli aan HLVE';
const ADVICE = 'Huuradvies over de huuraanpassing per 1 juli';
const REACTION = 'Reactie van Omthuis op het huuradvies';
const omthuisEmail = 'bestuurder.omthuis@example.org';
const advicePdf = samplePdf('Huuradvies HLVE 2026: gematigde huuraanpassing');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let cloud: LocalCloud;
let browser: Browser;
let page: Page;
const mailed: { read?: string; party?: string } = {};
const axeResults: Record<string, number> = {};

async function check(name: string) {
  // Another run's global setup may have cleared test-results meanwhile.
  for (const dir of [screenshotDir, axeDir]) mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}uitwisseling-${name}.png`, fullPage: true });
  const violations = await axe(page, `uitwisseling-${name}`);
  axeResults[name] = violations.length;
  expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
}
const text = (selector: string) => page.locator(selector).innerText();
const flat = (s: string) => s.replace(/\s+/g, ' ');
/** WCAG 1.4.10 reflow: at 320 px the page does not scroll sideways. */
async function reflows(what: string) {
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} at 320 px`).toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1000, height: 900 });
}

/** The forward mail of a deliverable to one address, and the read and party links in it. */
async function forwardTo(email: string, title: string) {
  const mail = (await inbox(cloud.urls.ses)).find((m) => m.destination.to.includes(email) && m.subject.startsWith('Ontvangen van') && m.subject.endsWith(title));
  expect(mail, `forward of ${title} to ${email}`).toBeDefined();
  const link = (path: string) => new RegExp(`(http://127\\.0\\.0\\.1:\\d+/${path}/[A-Za-z0-9._-]+)`).exec(mail!.body.text!)?.[1];
  return { mail: mail!, read: link('lezen')!, party: link('partij')! };
}
/** A link token's claims; the payload is the third part. */
const claimsOf = (url: string) => {
  const [tenant, cycle, instance, party, contact, link, purpose, expiresAt] = JSON.parse(Buffer.from(url.split('/').at(-1)!.split('.')[2]!, 'base64url').toString());
  return { tenant, cycle, instance, party, contact, link, purpose, expiresAt } as LinkClaims;
};

/** Uploads a PDF on the form open in the page, fills the fields, checks and submits; ends on the receipt. */
async function submitForm(name: string, fileName: string, pdf: Buffer, fill: () => Promise<void>, submitLabel: string) {
  await page.setInputFiles('#bestand', { name: fileName, mimeType: 'application/pdf', buffer: pdf });
  await page.click('button:text("PDF uploaden")');
  await page.waitForSelector('text=Ontvangen:');
  expect(await text('.notice[role=status]')).toContain(fileName);
  await check(`${name}-met-pdf`);
  await fill();
  await page.click('button:text("Controleren")');
  await page.waitForSelector('h1:text("Controleer uw gegevens")');
  expect(await text('dl')).toContain(fileName);
  await page.click(`button:text("${submitLabel}")`);
  await page.waitForSelector('h1:text-matches("^Ontvangstbewijs")');
  await check(`${name}-ontvangstbewijs`);
}

beforeAll(async () => {
  if (!enabled) return;
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2026, template);
  cloud.engine.stop(); // no reminders: this is about the exchange
  browser = await launch();
  page = await openPage(browser, { width: 1000, timeoutMs: 10_000 });
});
afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  if (enabled) console.log(`axe-overtredingen per pagina: ${JSON.stringify(axeResults)}`);
});

describe.skipIf(!enabled)('an advice exchanged between Omthuis and HLVE, in Chromium', () => {
  it('Omthuis submits its request for advice with a PDF; HLVE\'s advice gets its deadline six weeks later', async () => {
    expect((await cloud.store.cycles.loadInstance('leusden', 2026, 'huuradvies'))!.instance.timing.state).not.toBe('dated');
    await page.goto(await linkFor(cloud, { instanceId: 'huuraanpassing-adviesaanvraag', partyId: 'omthuis', year: 2026 }));
    expect(await text('h1')).toBe(REQUEST);
    await submitForm('aanvraag', 'Adviesaanvraag huuraanpassing 2026.pdf', samplePdf('Adviesaanvraag Omthuis 2026'), async () => {
      await page.fill('#samenvatting', 'Voorstel huuraanpassing per 1 juli 2026 met de benodigde huurinkomsten.');
      await page.fill('#naam', 'Bestuurder Omthuis');
      await page.fill('#namens', 'Omthuis');
    }, 'Document indienen');
    const advice = (await cloud.store.cycles.loadInstance('leusden', 2026, 'huuradvies'))!.instance;
    // 15 January + 42 days.
    expect(advice.timing).toMatchObject({ state: 'dated', lastDay: '2026-02-26' });
  });

  it('HLVE reads the request, confirms it, and submits its advice with a PDF through its personal link', async () => {
    const request = await forwardTo(hlve.email, REQUEST);
    await page.goto(request.read);
    expect(await text('h1')).toBe(REQUEST);
    await check('lezen-aanvraag-hlve');
    await page.click('button:text("Ontvangst van versie 1 bevestigen")');
    expect(await text('[role=status]')).toContain('U hebt bevestigd dat versie 1 is ontvangen');

    await page.goto(await linkFor(cloud, { instanceId: 'huuradvies', partyId: 'hlve', year: 2026 }));
    expect(await text('h1')).toBe(ADVICE);
    expect(flat(await text('.notice'))).toContain(`Dit is de reactie op „${REQUEST}”: lees het document`);
    await check('formulier-advies');
    await submitForm('advies', 'Huuradvies HLVE 2026.pdf', advicePdf, async () => {
      await page.check('#standpunt-positief-met-kanttekeningen');
      await page.fill('#advies', 'HLVE adviseert positief, mits de huurverhoging voor de laagste inkomens beperkt blijft.');
      await page.fill('#naam', 'Secretaris HLVE');
      await page.fill('#namens', 'HLVE');
    }, 'Advies indienen');
    const records = (await cloud.store.cycles.loadInstance('leusden', 2026, 'huuradvies'))!;
    expect(records.submissions.map((s) => [s.version, s.attachment?.sha256])).toEqual([[1, sha256(advicePdf)]]);
  });

  it('Omthuis gets the advice by mail, reads it, downloads the PDF unchanged, and confirms receipt', async () => {
    const { mail, read, party } = await forwardTo(omthuisEmail, ADVICE);
    Object.assign(mailed, { read, party });
    expect(mail.body.text).toContain(`${HLVE} heeft „${ADVICE}” ingediend op`);
    // What follows the advice: Omthuis's reaction, 14 days after 15 January.
    expect(mail.body.text).toContain(`${OMTHUIS}: ${REACTION}, uiterlijk donderdag 29 januari 2026.`);
    await page.goto(read);
    expect(await text('h1')).toBe(ADVICE);
    const main = flat(await text('main'));
    expect(main).toContain(`Ingediend door ${HLVE}. U leest het als Bestuurder Omthuis van ${OMTHUIS}.`);
    expect(main).toContain('Positief met kanttekeningen');
    expect(main).toContain('HLVE adviseert positief, mits de huurverhoging voor de laagste inkomens beperkt blijft.');
    expect(main).toContain('Secretaris HLVE, namens HLVE');
    expect(main).toContain('De handtekening is gecontroleerd met de gepubliceerde sleutel en klopt');
    expect(main).toContain(sha256(advicePdf));
    expect(main).not.toContain('Eerdere versies');
    await check('lezen-voor-bevestigen');
    await reflows('read page');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:text("Huuradvies HLVE 2026.pdf downloaden")')]);
    expect(download.suggestedFilename()).toBe('Huuradvies HLVE 2026.pdf');
    expect(sha256(readFileSync((await download.path())!))).toBe(sha256(advicePdf));
    // The same route outside the browser: a 303 to a presigned download that is a PDF.
    const redirected = await fetch(`${read}/document/1`, { redirect: 'manual' });
    expect(redirected.status).toBe(303);
    expect(new URL(redirected.headers.get('location')!, read).pathname).toBe('/_lokaal/download');
    const file = await fetch(new URL(redirected.headers.get('location')!, read));
    expect(file.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(sha256(advicePdf));

    await page.click('button:text("Ontvangst van versie 1 bevestigen")');
    expect(await text('[role=status]')).toBe('Bedankt. U hebt bevestigd dat versie 1 is ontvangen; dat is vastgelegd.');
    expect(await text('main')).toContain('U hebt de ontvangst van versie 1 bevestigd op 15 januari 2026');
    expect(await page.locator('button:text("Ontvangst van versie 1 bevestigen")').count()).toBe(0);
    await check('lezen-bevestigd');
    const records = (await cloud.store.cycles.loadInstance('leusden', 2026, 'huuradvies'))!;
    expect(records.confirmations.map((c) => `${c.partyId}/${c.contactId}/v${c.version}`)).toEqual(['omthuis/bestuurder/v1']);
  });

  it('Omthuis\'s party page shows the advice as received and confirmed, and the reaction it owes; it answers through the page', async () => {
    await page.goto(mailed.party!);
    expect(await text('h1')).toBe('Mijn prestatieafspraken 2026');
    const receivedList = page.locator('h2:text("heeft ontvangen") + ul');
    const received = flat(await receivedList.locator('li', { hasText: ADVICE }).innerText());
    expect(received).toContain(`${ADVICE} van ${HLVE}, versie 1`);
    expect(received).toContain('ontvangst bevestigd door u op donderdag 15 januari 2026');
    expect(await receivedList.locator('a', { hasText: ADVICE }).getAttribute('href')).toMatch(/\/lezen\//);
    const submitted = flat(await page.locator('h2:text("heeft ingediend") + *').innerText());
    expect(submitted).toContain(`${REQUEST}, versie 1`);
    const row = page.locator('tbody tr', { has: page.locator('th', { hasText: REACTION }) });
    expect(flat(await row.innerText())).toContain('uiterlijk donderdag 29 januari 2026');
    await check('partijpagina');
    await reflows('party page');

    // No submission link yet (the reminders are stopped): the page makes one and opens the form.
    const open = row.locator('a:text("Indienen"), button:has-text("Link maken")');
    expect(await open.count()).toBe(1);
    await open.click();
    await page.waitForURL(/\/l\//);
    expect(await text('h1')).toBe(REACTION);
    const answers = page.locator('p', { hasText: 'Dit is de reactie op' });
    expect(flat(await answers.innerText())).toBe(`Dit is de reactie op „${ADVICE}”: lees het document.`);
    await check('formulier-reactie-op');
    await reflows('form with the answered document');
    const readHref = await answers.locator('a').getAttribute('href');
    const form = page.url();
    await answers.locator('a:text("lees het document")').click();
    expect(await text('h1')).toBe(ADVICE);
    expect(await text('main')).toContain('U hebt de ontvangst van versie 1 bevestigd');
    expect(page.url()).toBe(readHref);
    expect(claimsOf(page.url())).toMatchObject({ instance: 'huuradvies', party: 'omthuis', purpose: 'read' });

    await page.goto(form);
    await submitForm('reactie', 'Reactie op huuradvies 2026.pdf', samplePdf('Reactie Omthuis 2026'), async () => {
      await page.fill('#samenvatting', 'Omthuis volgt het advies en beperkt de verhoging voor de laagste inkomens.');
      await page.fill('#naam', 'Bestuurder Omthuis');
      await page.fill('#namens', 'Omthuis');
    }, 'Document indienen');
    expect((await cloud.store.cycles.loadInstance('leusden', 2026, 'huuraanpassing-reactie-op-advies'))!.instance.status).toBe('ingediend');
    // HLVE, the party the reaction is for, gets it too.
    expect((await forwardTo(hlve.email, REACTION)).read).toMatch(/\/lezen\//);
    await page.goto(mailed.party!);
    expect(flat(await page.locator('h2:text("heeft ingediend") + *').innerText())).toContain(`${REACTION}, versie 1`);
  });

  it('the coordinator sees both confirmations on the dashboard', async () => {
    await page.goto(`${cloud.urls.http}/beheer/inloggen`);
    await page.fill('#email', coordinator.email);
    await page.click('button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/beheer');
    await page.goto(`${cloud.urls.http}/beheer/leusden/2026/leveringen/huuradvies`);
    expect(flat(await text('main'))).toContain(`Ontvangst: ontvangen door ${OMTHUIS} op 15 januari 2026 (Bestuurder Omthuis); Gemeente Leusden nog niet bevestigd.`);
    await check('beheer-huuradvies');
    await page.goto(`${cloud.urls.http}/beheer/leusden/2026/leveringen/huuraanpassing-adviesaanvraag`);
    expect(flat(await text('main'))).toContain(`Ontvangst: ontvangen door ${HLVE} op 15 januari 2026 (Secretaris HLVE); Gemeente Leusden nog niet bevestigd.`);
    await check('beheer-adviesaanvraag');
  });

  it('a wrong version, a tampered, an expired and a revoked read link each get an accessible Dutch page', async () => {
    // The coordinator's own read link of the advice: not yet confirmed, so the button is there.
    const { read, party } = await forwardTo(coordinator.email, ADVICE);
    await page.goto(read);
    await page.locator('input[name=versie]').evaluate((input: HTMLInputElement) => (input.value = '7'));
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button:text("Ontvangst van versie 1 bevestigen")')]);
    expect(response.status()).toBe(400);
    expect(await text('h1')).toBe('Deze versie bestaat niet');
    await check('fout-versie');
    expect((await cloud.store.cycles.loadInstance('leusden', 2026, 'huuradvies'))!.confirmations).toHaveLength(1);

    const tampered = `${read.slice(0, -4)}${read.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect((await page.goto(tampered))!.status()).toBe(403);
    expect(await text('h1')).toBe('Deze link klopt niet');
    await check('fout-gewijzigd');
    expect((await page.goto(`${party.slice(0, -4)}${party.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`))!.status()).toBe(403);
    expect(await text('h1')).toBe('Deze link klopt niet');
    await check('fout-partijpagina-gewijzigd');

    const claims = claimsOf(read);
    const expired = await signLinkToken({ ...claims, expiresAt: Math.floor(clock.now().getTime() / 1000) - 3600 }, cloud.deps.linkKeys);
    expect((await page.goto(`${cloud.urls.http}/lezen/${expired}`))!.status()).toBe(410);
    expect(await text('h1')).toBe('Deze link is verlopen');
    expect(await page.locator('button:text("Stuur mij een nieuwe link")').count()).toBe(1);
    await check('fout-verlopen');

    expect((await page.goto(read))!.status()).toBe(200);
    await cloud.store.links.revoke('leusden', 2026, claims.instance, claims.link, clock.now());
    expect((await page.goto(read))!.status()).toBe(410);
    expect(await text('h1')).toBe('Deze link is ingetrokken');
    await check('fout-ingetrokken');
    // Omthuis's own read link is untouched.
    expect((await page.goto(mailed.read!))!.status()).toBe(200);
  });
});
