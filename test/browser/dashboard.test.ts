import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { dutchMonths } from '../../functions/core/time.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { samplePdf } from '../../infra/local/simulate.js';
import { deadlineMails, inbox, linkFor, linkIn, seedAndOpen, testCloud } from '../support.js';
import { browserTestsEnabled, checkDashboardPage, launch, openPage, screenshotDir } from './chromium.js';

/**
 * The coordinator's dashboard in real Chromium against the local cloud: sign in, open every page,
 * perform every action, watch a party's submission arrive; axe-core at WCAG 2.1 AA on every page.
 */
const enabled = browserTestsEnabled();
const template = new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
const clock = new ScaledClock(new Date('2022-02-10T10:00:00Z'), 1);
let cloud: LocalCloud;
let browser: Browser;
let page: Page;
let base: string;
const axeResults: Record<string, number> = {};

const check = (name: string, options: { screenshot?: boolean } = {}) => checkDashboardPage(page, name, axeResults, options);

const text = (selector: string) => page.locator(selector).innerText();

/** The links form of a deliverable's page: one contact, one of the three actions, a reason. */
async function linkAction(actie: 'versturen' | 'opnieuw-versturen' | 'intrekken', reden: string) {
  await page.selectOption('#link-contact', 'hlve/secretaris');
  await page.check(`#link-actie-${actie}`);
  await page.fill('#link-reden', reden);
  await page.click('form:has(#link-contact) button');
  return text('[role=status]');
}

beforeAll(async () => {
  if (!enabled) return;
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2022, template);
  base = `${cloud.urls.http}/beheer/leusden/2022`;
  browser = await launch();
  page = await openPage(browser, { timeoutMs: 10_000 });
});
afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  if (enabled) console.log(`axe-overtredingen per beheerpagina: ${JSON.stringify(axeResults)}`);
});

describe.skipIf(!enabled)('the coordinator dashboard in Chromium', () => {
  it('sends a visitor without a session to the local sign-in, and signs a new user in', async () => {
    await page.goto(base);
    expect(new URL(page.url()).pathname).toBe('/beheer/inloggen');
    expect(await text('main')).toContain('Alleen lokaal');
    await check('aanmelden');
    // A wrong address is announced and linked to its field.
    await page.fill('#email', 'geen-adres');
    await page.click('button[type=submit]');
    expect(await page.title()).toMatch(/^Fout: /);
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    await check('aanmelden-fout', { screenshot: false });
    await page.fill('#email', 'nieuwe.collega@leusden.nl');
    await page.click('button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/beheer');
    await check('start', { screenshot: false });
    await page.click('text=Gemeente Leusden 2022');
    expect(new URL(page.url()).pathname).toBe('/beheer/leusden/2022');
    expect(await text('.huis-kop')).toContain('nieuwe.collega@leusden.nl');
  });

  it('shows the year: counts per status and a timeline per month with a lane per party', async () => {
    await page.goto(base);
    const counts = await page.locator('.huis-tellers li').allInnerTexts();
    expect(counts.map((c) => c.replace(/\s+/g, ' ').replace(/^\d+ /, ''))).toEqual(['gepland', 'open', 'binnenkort', 'te laat', 'ingediend', 'te laat ingediend', 'vrijgesteld']);
    const total = counts.reduce((sum, c) => sum + Number(/^\d+/.exec(c.trim())![0]), 0);
    const status = (await (await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2022`, { headers: { authorization: `Bearer ${cloud.devToken}` } })).json()) as { deliverables: unknown[] };
    expect(total).toBe(status.deliverables.length);
    const lanes = await page.locator('.huis-tijdlijn tbody th[scope=row]').allInnerTexts();
    expect(lanes.length).toBe(4);
    expect(lanes.some((l) => l.includes('HLVE'))).toBe(true);
    expect(await page.locator('.huis-tijdlijn thead th').allInnerTexts()).toEqual(expect.arrayContaining(['februari 2022', 'december 2022']));
    // HLVE's lane counts its February (the huuradvies), and the count opens the list of exactly those.
    const hlveLane = page.locator('.huis-tijdlijn tbody tr', { has: page.locator('th', { hasText: 'HLVE' }) });
    const february = hlveLane.locator('a[href*="maand=2022-02"]');
    expect(await february.innerText()).toMatch(/^\d+ levering(en)?/);
    await check('jaaroverzicht');
    await february.click();
    expect(new URL(page.url()).searchParams.get('maand')).toBe('2022-02');
    expect(await page.locator('tbody').innerText()).toContain('Huuradvies over de jaarlijkse huursomaanpassing');
    for (const row of await page.locator('tbody tr').allInnerTexts()) expect(row).toContain('HLVE');
    await page.goto(base);
    // WCAG 1.4.10 reflow: on a phone the page does not scroll sideways; only the timeline's own region does.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await check('jaaroverzicht-smal');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('sets a meeting date, refusing a missing date with a clear message first', async () => {
    await page.goto(base);
    const card = page.locator('form', { has: page.locator('h3', { hasText: 'Voorjaarsoverleg' }) }).first();
    const title = await card.locator('h3').innerText();
    await card.locator('button').click();
    expect(await page.title()).toMatch(/^Fout: /);
    expect(await text('.huis-fout')).toContain('De datum moet');
    expect(await page.locator('.huis-fout a').first().getAttribute('href')).toMatch(/-datum$/);
    await check('jaaroverzicht-fout', { screenshot: false });
    const again = page.locator('form', { has: page.locator('h3', { hasText: title }) }).first();
    await again.locator('input[type=date]').fill('2022-04-12');
    await again.locator('input[type=time]').fill('19:30');
    await again.locator('input[name=reden]').fill('Datum afgestemd met de wethouder');
    await again.locator('button').click();
    expect(await text('[role=status]')).toContain('De datum is vastgelegd');
    expect(await page.locator('form', { has: page.locator('h3', { hasText: title }) }).first().innerText()).toContain('12 april 2022 om 19:30');
  });

  it('lists the deliverables, filtered by party, kind and status and sorted by due date', async () => {
    await page.goto(`${base}/leveringen`);
    const all = await page.locator('tbody tr').count();
    await page.selectOption('#partij', 'hlve');
    await page.selectOption('#soort', 'advice');
    await page.click('button:has-text("Filteren")');
    const rows = await page.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(all);
    for (const row of rows) expect(row).toContain('HLVE');
    expect(rows.join('\n')).toContain('Huuradvies');
    await check('leveringen');
    await page.goto(`${base}/leveringen?sorteer=aflopend`);
    const days = await page.locator('tbody tr td:nth-child(4)').allInnerTexts();
    // "vrijdag 31 december 2021" → "2021-12-31": the shown days, latest first, then the undated ones.
    const iso = (d: string) => {
      const [, day, month, year] = /(\d+) (\p{L}+) (\d{4})$/u.exec(d)!;
      return `${year}-${String(dutchMonths.indexOf(month!) + 1).padStart(2, '0')}-${day!.padStart(2, '0')}`;
    };
    const dated = days.filter((d) => d !== '—').map(iso);
    expect(dated.length).toBeGreaterThan(5);
    expect(dated).toEqual([...dated].sort().reverse());
    expect(days.slice(dated.length).every((d) => d === '—')).toBe(true);
    expect(await page.getAttribute('th[aria-sort]', 'aria-sort')).toBe('descending');
    await page.goto(`${base}/leveringen?status=gepland`);
    for (const row of await page.locator('tbody tr').allInnerTexts()) expect(row).toContain('gepland');
  });

  it('shows a deliverable: rule and clause, reminders, and extends its deadline with a reason', async () => {
    await page.goto(`${base}/leveringen/huuradvies`);
    const details = await text('dl.huis-gegevens');
    expect(details).toContain('vóór 1 maart');
    expect(details).toContain('28 februari 2022');
    expect(await text('main')).toContain('Afspraak');
    expect(await page.locator('blockquote').count()).toBeGreaterThan(0);
    await check('levering');
    // Without a reason: refused, the date kept.
    await page.fill('#verlengen-nieuweDatum', '2022-03-14');
    await page.click('form:has(#verlengen-nieuweDatum) button');
    expect(await page.title()).toMatch(/^Fout: /);
    expect(await page.inputValue('#verlengen-nieuweDatum')).toBe('2022-03-14');
    expect(await page.getAttribute('#verlengen-reden', 'aria-invalid')).toBe('true');
    await check('levering-fout', { screenshot: false });
    await page.fill('#verlengen-reden', 'HLVE vergadert pas op 10 maart');
    await page.click('form:has(#verlengen-nieuweDatum) button');
    expect(await text('[role=status]')).toContain('De termijn is verlengd');
    expect(await text('dl.huis-gegevens')).toContain('14 maart 2022');
    const log = await text('main');
    expect(log).toContain('verlengd');
    expect(log).toContain('HLVE vergadert pas op 10 maart');
    expect(log).toContain('nieuwe.collega@leusden.nl');
  });

  it('revokes and reissues a party\'s link: the old link stops working, the new one arrives by mail', async () => {
    const old = await linkFor(cloud, { year: 2022 });
    expect((await fetch(old)).status).toBe(200);
    const mailsBefore = (await inbox(cloud.urls.ses)).length;
    await page.goto(`${base}/leveringen/huuradvies`);
    expect(await linkAction('opnieuw-versturen', 'Secretaris meldt dat de mail is gelekt')).toContain('nieuwe link verstuurd');
    expect((await fetch(old)).status).toBe(410);
    const mails = await inbox(cloud.urls.ses);
    expect(mails.length).toBe(mailsBefore + 1);
    const fresh = linkIn(mails.at(-1)!);
    expect(fresh).not.toBe(old);
    expect((await fetch(fresh)).status).toBe(200);
    // Revoke only: the fresh one stops too.
    expect(await linkAction('intrekken', 'Contact vertrokken')).toContain('ingetrokken');
    expect((await fetch(fresh)).status).toBe(410);
    // Send again: a new live link for the secretary.
    expect(await linkAction('versturen', 'Nieuwe secretaris, zelfde adres')).toContain('nog eens verstuurd');
    expect((await fetch(linkIn((await inbox(cloud.urls.ses)).at(-1)!))).status).toBe(200);
  });

  it('reflects a party\'s submission through its signed link, with a valid receipt', async () => {
    const submitter = await page.context().newPage();
    await submitter.goto(linkIn((await inbox(cloud.urls.ses)).at(-1)!));
    await submitter.check('#standpunt-positief');
    await submitter.fill('#advies', 'HLVE stemt in met een huursomstijging van inflatie min 0,5%.');
    await submitter.fill('#naam', 'Secretaris HLVE');
    await submitter.fill('#namens', 'HLVE');
    await submitter.press('#namens', 'Enter');
    await submitter.waitForSelector('h1:text("Controleer uw gegevens")');
    await submitter.click('button:has-text("Advies indienen")');
    await submitter.waitForSelector('h1:text-matches("^Ontvangstbewijs")');
    await submitter.close();
    await page.goto(`${base}/leveringen/huuradvies`);
    expect(await text('dl.huis-gegevens')).toContain('ingediend');
    const versions = page.locator('table', { has: page.locator('caption', { hasText: 'Versies' }) });
    expect(await versions.innerText()).toContain('geldig');
    expect(await versions.innerText()).toContain('Secretaris HLVE');
    await check('levering-ingediend');
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'detail page at 320 px').toBeLessThanOrEqual(320);
    await page.goto(`${base}/partijen`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'partijen at 320 px').toBeLessThanOrEqual(320);
    await page.goto(`${base}/verantwoording`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'verantwoording at 320 px').toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(base);
    expect(await page.locator('.huis-tellers li', { hasText: /ingediend$/ }).first().innerText()).toMatch(/^[1-9]/);
  });

  it('records a deliverable received outside the system with an uploaded document', async () => {
    await page.goto(`${base}/leveringen/huuradvies-aanvraag`);
    await page.setInputFiles('#beheer-bestand', { name: 'Adviesaanvraag 2022.pdf', mimeType: 'application/pdf', buffer: samplePdf('adviesaanvraag') });
    await page.click('form:has(#beheer-bestand) button');
    expect(await text('#ontvangen')).toContain('Adviesaanvraag 2022.pdf');
    await page.fill('#ontvangen-ontvangenOp', '2022-01-20');
    await page.fill('#ontvangen-toelichting', 'Per post ontvangen, brief van 18 januari');
    await page.click('form:has(#ontvangen-ontvangenOp) button');
    expect(await text('[role=status]')).toContain('vastgelegd als ontvangen');
    const versions = await page.locator('table', { has: page.locator('caption', { hasText: 'Versies' }) }).innerText();
    expect(versions).toContain('buiten het systeem');
    expect(versions).toContain('geldig');
    expect(versions).toContain('20 januari 2022');
    await check('levering-ontvangen', { screenshot: false });
  });

  it('waives a deliverable with a reason', async () => {
    await page.goto(`${base}/leveringen/bod-de-alliantie`);
    await page.fill('#vrijstellen-reden', 'De Alliantie trekt zich terug uit Leusden');
    await page.click('form:has(#vrijstellen-reden) button');
    expect(await text('[role=status]')).toContain('vrijgesteld');
    expect(await text('dl.huis-gegevens')).toContain('vrijgesteld');
    await check('levering-vrijgesteld', { screenshot: false });
  });

  it('prints the verantwoording: what was due, what came when, what was extended or waived and why', async () => {
    await page.goto(`${base}/verantwoording`);
    const body = await text('main');
    expect(body).toContain('HLVE vergadert pas op 10 maart');
    expect(body).toContain('De Alliantie trekt zich terug uit Leusden');
    expect(body).toContain('oorspronkelijk');
    expect(body).toContain('buiten het systeem');
    expect(body).toContain('Datum afgestemd met de wethouder');
    await check('verantwoording');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.huis-nav').isVisible()).toBe(false);
    await page.pdf({ path: `${screenshotDir}beheer-verantwoording.pdf` }).catch(() => undefined);
    await page.emulateMedia({ media: 'screen' });
  });

  it('downloads the CSV for Excel with Dutch settings', async () => {
    await page.goto(base);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="export.csv"]')]);
    expect(download.suggestedFilename()).toBe('prestatieafspraken-leusden-2022.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toContain('"Laatste dag";"Levering";"Partij";"Status"');
    expect(csv).toContain('vrijgesteld');
  });

  it('signs out: the session cookie is gone and the pages send back to the sign-in', async () => {
    await page.goto(base);
    await page.click('button:has-text("Afmelden")');
    expect(new URL(page.url()).pathname).toBe('/beheer/inloggen');
    expect(await text('[role=status]')).toContain('afgemeld');
    await check('afgemeld', { screenshot: false });
    await page.goto(`${base}/partijen`);
    expect(new URL(page.url()).pathname).toBe('/beheer/inloggen');
    expect((await deadlineMails(cloud.urls.ses)).length).toBeGreaterThan(0);
  });
});
