import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { linkFor, seedAndOpen, testCloud } from '../support.js';
import { axe, browserTestsEnabled, launch, openPage, screenshotDir } from './chromium.js';

/**
 * A party submits its advice through the signed link in real Chromium, with the keyboard only, and
 * every page on the way passes axe-core at WCAG 2.1 AA.
 */
const enabled = browserTestsEnabled();
const clock = new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1);
let cloud: LocalCloud;
let browser: Browser;
let page: Page;
let link: string;
const axeResults: Record<string, string[]> = {};

async function check(name: string) {
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
  const violations = await axe(page, `indienen-${name}`);
  axeResults[name] = violations.map((v) => `${v.id} (${v.impact})`);
  expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
}

beforeAll(async () => {
  if (!enabled) return;
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud);
  cloud.engine.stop();
  link = await linkFor(cloud);
  browser = await launch();
  page = await openPage(browser, { width: 1000 });
});
afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  if (enabled) console.log(`axe per pagina: ${JSON.stringify(axeResults)}`);
});

describe.skipIf(!enabled)('submitting through a signed link in Chromium', () => {
  it('works with the keyboard only, announces errors, asks for a check, and shows the receipt; no axe violations', async () => {
    await page.goto(link);
    expect(await page.title()).toBe('Huuradvies over de jaarlijkse huursomaanpassing – Prestatieafspraken');
    await check('1-formulier');
    // WCAG 1.4.10 reflow: on a 320 px wide phone the form does not scroll sideways.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1000, height: 900 });

    // Submit empty with the keyboard: tab to the button and press Enter.
    await page.focus('#standpunt-positief');
    for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.tagName === 'BUTTON')); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.error-summary');
    expect(await page.getAttribute('.error-summary', 'role')).toBe('alert');
    expect(await page.title()).toMatch(/^Fout: /);
    await check('2-fouten');

    // Fill in with the keyboard: arrow keys for the radio group, typing for the text.
    await page.focus('#standpunt-positief');
    await page.keyboard.press('ArrowDown');
    expect(await page.isChecked('#standpunt-positief-met-kanttekeningen')).toBe(true);
    await page.focus('#advies');
    await page.keyboard.type('Wij adviseren positief, mits de verhoging voor de laagste inkomens beperkt blijft.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Secretaris HLVE');
    await page.keyboard.press('Tab');
    await page.keyboard.type('HLVE');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:text("Controleer uw gegevens")');
    await check('3-controle');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Advies indienen');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:text-matches("^Ontvangstbewijs")');
    expect(await page.textContent('dl')).toContain('Positief met kanttekeningen');
    await check('4-ontvangstbewijs');

    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    expect(records.instance.status).toBe('ingediend');
    expect(records.submissions).toHaveLength(1);
  });

  it('shows an expired or broken link as an accessible Dutch page', async () => {
    await page.goto(`${link.slice(0, -4)}AAAA`);
    expect(await page.textContent('h1')).toBe('Deze link klopt niet');
    await check('5-link-klopt-niet');
  });
});
