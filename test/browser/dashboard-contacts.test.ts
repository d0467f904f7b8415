import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { seedAndOpen, testCloud } from '../support.js';
import { browserTestsEnabled, checkDashboardPage, launch, openPage } from './chromium.js';

/**
 * The dashboard's Partijen en contacten in real Chromium against the local cloud: the contacts
 * whose mail bounced, adding, changing and deactivating a contact; axe-core at WCAG 2.1 AA.
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

beforeAll(async () => {
  if (!enabled) return;
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2022, template);
  base = `${cloud.urls.http}/beheer/leusden/2022`;
  browser = await launch();
  page = await openPage(browser, { timeoutMs: 10_000 });
  // Signed in through the local sign-in form (dashboard.test.ts checks that form itself).
  await page.goto(base);
  await page.fill('#email', 'nieuwe.collega@leusden.nl');
  await page.click('button[type=submit]');
});
afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  if (enabled) console.log(`axe-overtredingen per beheerpagina: ${JSON.stringify(axeResults)}`);
});

describe.skipIf(!enabled)('the parties and contacts page in Chromium', () => {
  it('manages contacts: add, change, deactivate; shows the ones whose mail bounced', async () => {
    await cloud.store.tenants.recordBounce('leusden', 'wsl', 'bestuurder', { at: '2022-02-09T08:00:00.000Z', type: 'Permanent' });
    await page.goto(`${base}/partijen`);
    expect(await text('main')).toContain('Teruggekomen e-mail');
    expect(await page.locator('li.huis-gebounced').innerText()).toContain('bestuurder.wsl@example.org');
    await check('partijen');
    // Add, first with a bad address.
    await page.selectOption('#toevoegen-partyId', 'hlve');
    await page.fill('#toevoegen-naam', 'Penningmeester HLVE');
    await page.fill('#toevoegen-email', 'geen adres');
    await page.click('form:has(#toevoegen-naam) button');
    expect(await page.title()).toMatch(/^Fout: /);
    expect(await page.inputValue('#toevoegen-naam')).toBe('Penningmeester HLVE');
    await check('partijen-fout', { screenshot: false });
    await page.fill('#toevoegen-email', 'penningmeester.hlve@example.org');
    await page.click('form:has(#toevoegen-naam) button');
    expect(await text('[role=status]')).toContain('toegevoegd');
    expect(await text('main')).toContain('penningmeester.hlve@example.org');
    // Change WSL's bounced address: the bounce is cleared.
    await page.click('summary:has-text("Bestuurder WSL")');
    await page.fill('#wijzigen-bestuurder-email', 'directie.wsl@example.org');
    await page.click('form:has(#wijzigen-bestuurder-email) button');
    expect(await text('[role=status]')).toContain('opgeslagen');
    expect(await text('main')).toContain('Geen: alle mail kwam aan.');
    // Deactivate the new contact.
    const row = page.locator('tr', { hasText: 'Penningmeester HLVE' });
    await row.locator('button:has-text("Deactiveren")').click();
    expect(await text('[role=status]')).toContain('gedeactiveerd');
    expect(await page.locator('tr', { hasText: 'Penningmeester HLVE' }).innerText()).toContain('inactief');
    const contact = (await cloud.store.tenants.directory('leusden')).contacts.find((c) => c.name === 'Penningmeester HLVE')!;
    expect(contact.active).toBe(false);
  });

});
