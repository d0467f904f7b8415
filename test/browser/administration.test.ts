import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { cycleExecutionName } from '../../functions/adapters/engine.js';
import { CYCLE_AUDIT } from '../../functions/services/steering.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { openCycleLocally, seedTenant } from '../../infra/local/seed.js';
import { amersfoortTemplate } from '../fixtures/amersfoort.js';
import { testCloud } from '../support.js';
import { browserTestsEnabled, checkDashboardPage, launch, openPage } from './chromium.js';

/**
 * A municipality's administration on the dashboard, in real Chromium: a broken template refused
 * with its line, version 2 checked (calendar, diff) and loaded, the running cycle moved to it with
 * exactly the changes its plan showed, the coordinator changed, and next year's cycle opened;
 * axe-core at WCAG 2.1 AA on every page and state.
 */
const enabled = browserTestsEnabled();
const clock = new ScaledClock(new Date('2027-01-20T10:00:00Z'), 1);
const me = 'coordinator@amersfoort.example.org';
let cloud: LocalCloud;
let browser: Browser;
let page: Page;
let base: string;
const axeResults: Record<string, number> = {};

const check = (name: string, on: Page = page) => checkDashboardPage(on, name, axeResults);

const text = (selector: string, on: Page = page) => on.locator(selector).innerText();
const yamlFile = (name: string, yaml: string) => ({ name, mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
const cycleLog = async (year: number) => (await cloud.store.cycles.loadYear('amersfoort', year)).yearLog.filter((a) => a.instanceId === CYCLE_AUDIT);

// Version 1 covers only 2027, so next year has no template until version 2 (2020-2040) is loaded.
const v1 = amersfoortTemplate(1).replace('validTo: 2040', 'validTo: 2027');
const v2 = amersfoortTemplate(2);
const broken = v2.replace('kind: advice', 'kind: advies');
const brokenLine = broken.split('\n').findIndex((l) => l.includes('kind: advies')) + 1;

beforeAll(async () => {
  if (!enabled) return;
  cloud = await testCloud({ clock, tenants: ['amersfoort'] });
  const dir = mkdtempSync(join(tmpdir(), 'amersfoort-beheer-'));
  writeFileSync(join(dir, 'v1.yaml'), v1);
  await seedTenant(cloud.store, 'amersfoort', 'Gemeente Amersfoort', join(dir, 'v1.yaml'));
  for (const [contactId, name] of [
    ['beleid', 'Beleidsmedewerker Wonen'],
    ['stagiair', 'Stagiair Wonen'],
  ] as const) {
    await cloud.store.tenants.putContact({ tenantId: 'amersfoort', partyId: 'gemeente-amersfoort', contactId, name, email: `${contactId}@amersfoort.example.org`, coordinator: false, active: true });
  }
  await openCycleLocally(cloud.engine, 'amersfoort', 2027);
  base = `${cloud.urls.http}/beheer/amersfoort/2027`;
  browser = await launch();
  page = await openPage(browser, { timeoutMs: 10_000 });
});
afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  if (enabled) console.log(`axe-overtredingen per beheerpagina (sjablonen): ${JSON.stringify(axeResults)}`);
});

describe.skipIf(!enabled)('administering a municipality on the dashboard, in Chromium', () => {
  it('signs in and finds next year without a template, with the way to the Sjablonen page', async () => {
    await page.goto(base);
    await page.fill('#email', me);
    await page.fill('#gemeente', 'amersfoort');
    await page.click('button[type=submit]');
    await page.click('text=Gemeente Amersfoort 2027');
    expect(new URL(page.url()).pathname).toBe('/beheer/amersfoort/2027');
    await check('jaaroverzicht-amersfoort');
    await page.click('a:has-text("De cyclus 2028 bekijken en openen")');
    expect(await text('h1')).toBe('Cyclus 2028 openen');
    expect(await text('main')).toContain('Geen sjabloon voor 2028');
    expect(await page.locator('button:has-text("Cyclus 2028 openen")').count()).toBe(0);
    await check('volgend-jaar-geen-sjabloon');
    await page.click('.huis-melding a:has-text("Sjablonen")');
    expect(new URL(page.url()).pathname).toBe('/beheer/amersfoort/2027/sjablonen');
  });

  it('shows the versions: what the cycle follows, what is in use, every version loaded', async () => {
    expect(await page.getAttribute('.huis-nav a:has-text("Sjablonen")', 'aria-current')).toBe('page');
    const main = await text('main');
    expect(main).toContain('Deze cyclus volgt:');
    expect(main).toContain('huuradvies-test versie 1');
    expect(main).toContain('In gebruik voor 2027: huuradvies-test versie 1.');
    expect(await page.locator('#overzetten').count()).toBe(0);
    expect(await page.locator('table:has(caption:text("Alle geladen sjabloonversies")) tbody tr').count()).toBe(1);
    await check('sjablonen');
  });

  it('refuses a broken template with the problem and its line, linked to the file input', async () => {
    await page.setInputFiles('#sjabloon-bestand', yamlFile('kapot.yaml', broken));
    await page.click('button:has-text("Controleren")');
    expect(await page.title()).toMatch(/^Fout: /);
    const summary = await text('.huis-fout');
    expect(summary).toContain('Het sjabloon is niet geldig');
    expect(summary).toContain(`(regel ${brokenLine})`);
    expect(summary).toContain('kind');
    expect(await page.locator('.huis-fout a').first().getAttribute('href')).toBe('#sjabloon-bestand');
    expect(await page.getAttribute('#sjabloon-bestand', 'aria-invalid')).toBe('true');
    await check('sjablonen-fout');
    // Nothing was stored.
    expect((await cloud.store.templates.versions('amersfoort')).length).toBe(1);
  });

  it('checks version 2: the calendar of 2027, the diff against version 1; loading it shows the move plan', async () => {
    await page.setInputFiles('#sjabloon-bestand', yamlFile('amersfoort-v2.yaml', v2));
    await page.click('button:has-text("Controleren")');
    const result = page.locator('#controle').locator('..');
    expect(await result.innerText()).toContain('Het sjabloon is geldig');
    expect(await text('h2#controle')).toBe('Controle van amersfoort-v2.yaml');
    const calendar = await page.locator('table:has(caption:text("Wat het sjabloon in 2027 plant")) tbody tr').allInnerTexts();
    expect(calendar.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      'zondag 28 februari 2027 huuradvies-bijstelling: Bijgesteld huuradvies',
      'woensdag 31 maart 2027 huuradvies: Huuradvies over de jaarlijkse huursomaanpassing',
    ]);
    const diff = await page.locator('ul[aria-label="Verschillen met huuradvies-test versie 1"] li').allInnerTexts();
    expect(diff).toEqual([
      'geldig 2020–2027 → 2020–2040',
      '~ huuradvies: termijn "vóór 1 maart" → "vóór 1 april"',
      '+ huuradvies-bijstelling: Bijgesteld huuradvies (vóór 1 maart)',
      '- huuradvies-extra: Extra huuradvies',
    ]);
    await check('sjablonen-controle');
    // WCAG 1.4.10 reflow: on a phone the page does not scroll sideways; only the tables' own regions do.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'sjablonen at 320 px').toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 900 });
    // Still nothing stored: a check is no load.
    expect((await cloud.store.templates.versions('amersfoort')).length).toBe(1);

    await page.click('button:has-text("Laden als nieuwe versie")');
    expect(await text('[role=status]')).toContain('geladen als nieuwe versie');
    const versions = await page.locator('table:has(caption:text("Alle geladen sjabloonversies")) tbody tr').allInnerTexts();
    expect(versions.length).toBe(2);
    expect(versions[1]).toContain(me);
    expect(await text('main')).toContain('In gebruik voor 2027: huuradvies-test versie 2.');
    const plan = await page.locator('ul[aria-label="Wat er in 2027 verandert"] li').allInnerTexts();
    expect(plan).toEqual([
      '+ huuradvies-bijstelling: Bijgesteld huuradvies, zondag 28 februari 2027',
      '~ huuradvies: termijn zondag 28 februari 2027 → woensdag 31 maart 2027',
      '- huuradvies-extra: Extra huuradvies vervalt (niet meer in het sjabloon)',
    ]);
    await check('sjablonen-overzetten');
    const loaded = (await cycleLog(2027)).find((a) => a.action === 'sjabloon geladen');
    expect(loaded).toMatchObject({ actor: `coördinator ${me}`, detail: { sjabloon: 'huuradvies-test versie 2', vervangt: 'huuradvies-test versie 1' } });
  });

  it('applies the plan to cycle 2027: exactly the changes it showed', async () => {
    await page.click('button:has-text("Toepassen op cyclus 2027")');
    expect(await text('[role=status]')).toContain('De cyclus volgt nu de versies in gebruik');
    expect(await page.locator('#overzetten').count()).toBe(0);
    expect(await page.locator('main ul').first().innerText()).toContain('huuradvies-test versie 2');
    await check('sjablonen-toegepast');
    expect(await cloud.store.cycles.get('amersfoort', 2027)).toMatchObject({ templates: [{ id: 'huuradvies-test', version: 2 }] });
    expect((await cloud.store.cycles.get('amersfoort', 2027))?.pendingMove).toBeUndefined();
    expect((await cycleLog(2027)).find((a) => a.action === 'sjabloon toegepast')).toMatchObject({ actor: `coördinator ${me}`, detail: { van: 'huuradvies-test versie 1', naar: 'huuradvies-test versie 2' } });

    // The same file again is no new version: the text went back and forth through the page unchanged.
    await page.setInputFiles('#sjabloon-bestand', yamlFile('amersfoort-v2.yaml', v2));
    await page.click('button:has-text("Controleren")');
    expect(await text('section:has(#controle)')).toContain('Dit is al huuradvies-test versie 2, in gebruik; er verandert niets.');
    expect(await page.locator('button:has-text("Laden als nieuwe versie")').count()).toBe(0);
    await check('sjablonen-ongewijzigd');
    expect((await cloud.store.templates.versions('amersfoort')).length).toBe(2);

    await page.click('.huis-nav a:has-text("Leveringen")');
    const rows = await page.locator('tbody tr').allInnerTexts();
    const row = (title: string) => rows.find((r) => r.startsWith(title))?.replace(/\s+/g, ' ') ?? '';
    expect(rows.length).toBe(3);
    expect(row('Huuradvies over de jaarlijkse huursomaanpassing')).toContain('woensdag 31 maart 2027');
    expect(row('Bijgesteld huuradvies')).toContain('zondag 28 februari 2027');
    expect(row('Extra huuradvies')).toContain('vrijgesteld');
    await check('leveringen-na-overzetten');
    await page.click('a:has-text("Extra huuradvies")');
    expect(await text('main')).toContain('sjabloon huuradvies-test versie 2');
    await check('levering-vervallen');
  });

  it('changes the coordinator on the parties page, with a refusal shown as the form\'s problem', async () => {
    await page.click('.huis-nav a:has-text("Partijen en contacten")');
    const row = (name: string) => page.locator('tr', { hasText: name });
    expect(await row('Contactpersoon Gemeente Amersfoort').innerText()).toContain('coördinator');
    expect(await text('main')).toContain('coördinerende partij');
    // Only the coordinating party's contacts have the button.
    expect(await row('Secretaris HLVE').locator('button:has-text("coördinator")').count()).toBe(0);
    await check('partijen-coordinatoren');

    await row('Beleidsmedewerker Wonen').locator('button:has-text("Maak coördinator")').click();
    expect(await text('[role=status]')).toContain('is nu coördinator');
    expect(await row('Beleidsmedewerker Wonen').locator('td').nth(2).innerText()).toBe('coördinator');
    await row('Contactpersoon Gemeente Amersfoort').locator('button:has-text("Geen coördinator meer")').click();
    expect(await text('[role=status]')).toContain('geen coördinator meer');
    expect(await row('Contactpersoon Gemeente Amersfoort').locator('td').nth(2).innerText()).toBe('contact');
    const coordinators = (await cloud.store.tenants.directory('amersfoort')).contacts.filter((c) => c.coordinator).map((c) => c.contactId);
    expect(coordinators).toEqual(['beleid']);

    // Someone deactivated the trainee meanwhile: the service refuses, the page says why.
    const trainee = (await cloud.store.tenants.getContact('amersfoort', 'gemeente-amersfoort', 'stagiair'))!;
    await cloud.store.tenants.putContact({ ...trainee, active: false });
    await row('Stagiair Wonen').locator('button:has-text("Maak coördinator")').click();
    expect(await page.title()).toMatch(/^Fout: /);
    expect(await text('.huis-fout')).toContain('Niet tot coördinator gemaakt');
    expect(await text('.huis-fout')).toContain('niet actief; zet het eerst op actief met de knop Weer activeren');
    await check('partijen-coordinator-fout');
    expect((await cycleLog(2027)).filter((a) => a.action.startsWith('coördinator')).map((a) => [a.action, a.detail.contactId])).toEqual([
      ['coördinator ingesteld', 'beleid'],
      ['coördinator afgezet', 'contact'],
    ]);
  });

  it('shows next year as it would open, opens it, and links to it', async () => {
    await page.click('.huis-nav a:has-text("Jaaroverzicht")');
    await page.click('a:has-text("De cyclus 2028 bekijken en openen")');
    const main = await text('main');
    expect(main).toContain('huuradvies-test versie 2');
    expect(main).toContain('2 leveringen in 2028, de eerste:');
    expect(main).toContain('dinsdag 29 februari 2028: Bijgesteld huuradvies');
    expect(main).toContain('Aandachtspunten in de planning');
    await check('volgend-jaar');
    // A second tab still shows the button after the year was opened.
    const stale = await page.context().newPage();
    await stale.goto(page.url());

    await page.click('button:has-text("Cyclus 2028 openen")');
    expect(await text('[role=status]')).toContain('De cyclus 2028 wordt geopend');
    await check('volgend-jaar-geopend');
    expect((await cloud.engine.ended(cycleExecutionName({ tenantId: 'amersfoort', year: 2028 }))).status).toBe('SUCCEEDED');
    expect((await cycleLog(2027)).find((a) => a.action === 'cyclus 2028 geopend')).toMatchObject({ actor: `coördinator ${me}`, detail: { sjablonen: 'huuradvies-test versie 2' } });

    await stale.click('button:has-text("Cyclus 2028 openen")');
    expect(await stale.title()).toMatch(/^Fout: /);
    expect(await text('.huis-fout', stale)).toContain('De cyclus 2028 is al geopend');
    await check('volgend-jaar-al-geopend', stale);
    await stale.close();

    await page.reload();
    await page.click('a:has-text("Naar het jaaroverzicht 2028")');
    expect(new URL(page.url()).pathname).toBe('/beheer/amersfoort/2028');
    expect(await text('h1')).toBe('Jaaroverzicht 2028');
    expect(await cloud.store.cycles.get('amersfoort', 2028)).toMatchObject({ templates: [{ id: 'huuradvies-test', version: 2 }] });
  });
});
