import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { reservePort } from '../../infra/local/ports.js';
import { inbox } from '../support.js';
import { axe, browserTestsEnabled, launch, openPage, screenshotDir } from './chromium.js';

/**
 * What the issue calls done, as a new user meets it: `npm start` as the README says (the default
 * template and year, the fast clock), then in Chromium a new user signs in locally, sees the
 * Leusden year, extends a deadline, revokes and reissues a link, and downloads the CSV.
 */
const enabled = browserTestsEnabled();
let child: ChildProcess;
let data: string;
let browser: Browser;
let page: Page;
let http: string;
let ses: string;

beforeAll(async () => {
  if (!enabled) return;
  data = mkdtempSync(join(tmpdir(), 'prestatiecyclus-start-'));
  const ports = { http: await reservePort(0, 'http'), ses: await reservePort(0, 'ses'), dynamodb: await reservePort(0, 'dynamodb'), cognito: await reservePort(0, 'cognito') };
  http = `http://127.0.0.1:${ports.http}`;
  ses = `http://127.0.0.1:${ports.ses}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--data', data, '--http-port', `${ports.http}`, '--ses-port', `${ports.ses}`, '--dynamodb-port', `${ports.dynamodb}`, '--cognito-port', `${ports.cognito}`], {
    cwd: new URL('../../', import.meta.url).pathname,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const started = Date.now();
  while (!out.includes('Dashboard (coördinator)')) {
    if (Date.now() - started > 90_000 || child.exitCode !== null) throw new Error(`npm start did not come up: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(out).toContain(`${http}/beheer/leusden/2027`);
  browser = await launch();
  page = await openPage(browser, { timeoutMs: 15_000 });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
  if (data) rmSync(data, { recursive: true, force: true });
});

describe.skipIf(!enabled)('after npm start', () => {
  it('a new user signs in, sees the Leusden year, extends a deadline, revokes and reissues a link, and downloads the CSV', async () => {
    await page.goto(`${http}/beheer/leusden/2027`);
    await page.fill('#email', 'nieuw@leusden.nl');
    await page.click('button[type=submit]');
    await page.click('text=Gemeente Leusden 2027');
    expect(await page.locator('h1').innerText()).toBe('Jaaroverzicht 2027');
    expect(await page.locator('.huis-tijdlijn').innerText()).toContain('Omthuis');
    expect(await axe(page, 'npm-start-jaaroverzicht')).toEqual([]);
    await page.screenshot({ path: `${screenshotDir}npm-start-jaaroverzicht.png`, fullPage: true });

    await page.goto(`${http}/beheer/leusden/2027/leveringen/huuraanpassing-adviesaanvraag`);
    await page.fill('#verlengen-nieuweDatum', '2027-03-31');
    await page.fill('#verlengen-reden', 'Omthuis wacht op de huurverhogingsbrief van het Rijk');
    await page.click('form:has(#verlengen-nieuweDatum) button');
    expect(await page.locator('[role=status]').innerText()).toContain('De termijn is verlengd');
    expect(await page.locator('dl.huis-gegevens').innerText()).toContain('31 maart 2027');

    const before = (await inbox(ses)).length;
    await page.selectOption('#link-contact', 'omthuis/bestuurder');
    await page.check('#link-actie-opnieuw-versturen');
    await page.fill('#link-reden', 'Nieuwe bestuurder');
    await page.click('form:has(#link-contact) button');
    expect(await page.locator('[role=status]').innerText()).toContain('nieuwe link verstuurd');
    const mails = await inbox(ses);
    expect(mails.slice(before).some((m) => m.destination.to.includes('bestuurder.omthuis@example.org') && /nieuwe link/i.test(m.subject))).toBe(true);

    await page.goto(`${http}/beheer/leusden/2027`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="export.csv"]')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('Adviesaanvraag huuraanpassing');
    expect(csv).toContain('2027-03-31');
  });
});
