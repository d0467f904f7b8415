import { expect } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, installed by .ci/run; nothing downloads a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

/**
 * Without Chromium the browser tests cannot run: outside CI they say so loudly and skip; under
 * CI=true that is a failure, never a silent pass.
 */
export function browserTestsEnabled(): boolean {
  if (hasChromium) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium ontbreekt op ${chromiumPath}: .ci/run installeert het Debian-pakket chromium.`);
  console.warn(`\n*** BROWSERTESTS OVERGESLAGEN: geen Chromium op ${chromiumPath} (apt-get install chromium) ***\n`);
  return false;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page in a fresh Dutch browser context, 900 px high. axe is injected as a script: the pages' own
 * policy forbids inline script, so only here it is lifted (bypassCSP).
 */
export async function openPage(browser: Browser, options: { width?: number; timeoutMs?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: options.width ?? 1280, height: 900 }, locale: 'nl-NL' });
  if (options.timeoutMs) context.setDefaultTimeout(options.timeoutMs);
  return context.newPage();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core for WCAG 2.1 A and AA on the page as it is now, and records the result under `name` for the report. */
export async function axe(page: Page, name: string): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  // Made again here: another vitest run started meanwhile clears test-results/ in its setup.
  mkdirSync(axeDir, { recursive: true });
  writeFileSync(`${axeDir}${name}.json`, JSON.stringify({ page: name, violations: violations.map((v) => `${v.id} (${v.impact})`) }));
  return violations;
}

export const screenshotDir = new URL('../../test-results/screenshots/', import.meta.url).pathname;
/** One file per checked page; the summary reporter turns them and the screenshots into test-results/index.html. */
export const axeDir = new URL('../../test-results/axe/', import.meta.url).pathname;
mkdirSync(screenshotDir, { recursive: true });
mkdirSync(axeDir, { recursive: true });

/**
 * A dashboard page checked as it stands: a screenshot (unless left out), axe-core at WCAG 2.1 AA
 * with no violation allowed, the count kept in `results` for the run's summary line.
 */
export async function checkDashboardPage(page: Page, name: string, results: Record<string, number>, options: { screenshot?: boolean } = {}): Promise<void> {
  if (options.screenshot !== false) await page.screenshot({ path: `${screenshotDir}beheer-${name}.png`, fullPage: true });
  const violations = await axe(page, `beheer-${name}`);
  results[name] = violations.length;
  expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
}
