import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { linkFor, seedAndOpen, testCloud } from '../support.js';
import { axe, browserTestsEnabled, launch, screenshotDir } from './chromium.js';

/** The form of every kind of deliverable in the Leusden 2020-2022 year, checked with axe-core. */
const enabled = browserTestsEnabled();
const clock = new ScaledClock(new Date('2020-12-01T09:00:00Z'), 1);
let cloud: LocalCloud;
let browser: Browser;
let page: Page;


beforeAll(async () => {
  if (!enabled) return;
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2021, new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url));
  cloud.engine.stop();
  browser = await launch();
  page = await (await browser.newContext({ bypassCSP: true, locale: 'nl-NL' })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
});

describe.skipIf(!enabled)('every kind of form', () => {
  const cases: [string, string, string][] = [
    ['voortgang-trimester-wsl-trimester-1', 'wsl', 'voortgangsrapportage'],
    ['jaarafspraken-komend-jaar-hlve', 'hlve', 'ondertekening'],
    ['huuradvies-aanvraag', 'wsl', 'document'],
    ['bod-wsl', 'wsl', 'bod'],
  ];
  it.each(cases)('%s passes axe-core at WCAG 2.1 AA, empty and with errors', async (instanceId, partyId, name) => {
    await page.goto(await linkFor(cloud, { instanceId: instanceId, partyId: partyId, year: 2021 }));
    await page.screenshot({ path: `${screenshotDir}soort-${name}.png`, fullPage: true });
    expect(await axe(page, `soort-${name}`)).toEqual([]);
    await page.click('button:text("Controleren")');
    await page.waitForSelector('.error-summary');
    expect(await axe(page, `soort-${name}-fouten`)).toEqual([]);
  });
});

describe.skipIf(!enabled)('a PDF with a document', () => {
  it('is uploaded from the browser straight to the store and shown before submitting; still no axe violations', async () => {
    const { samplePdf } = await import('../../infra/local/simulate.js');
    await page.goto(await linkFor(cloud, { instanceId: 'bod-wsl', partyId: 'wsl', year: 2021 }));
    await page.setInputFiles('#bestand', { name: 'Bod WSL 2021.pdf', mimeType: 'application/pdf', buffer: samplePdf('bod') });
    await page.click('button:text("PDF uploaden")');
    await page.waitForSelector('text=Ontvangen:');
    expect(await page.textContent('.notice[role=status]')).toContain('Bod WSL 2021.pdf');
    await page.screenshot({ path: `${screenshotDir}soort-bod-met-pdf.png`, fullPage: true });
    expect(await axe(page, 'soort-bod-met-pdf')).toEqual([]);
  });
});
