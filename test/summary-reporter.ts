import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

const results = new URL('../test-results/', import.meta.url).pathname;
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Ends the run with one plain line, `tests: N passed, N failed, N skipped`, that any CI can read;
 * and, when the browser tests ran, test-results/index.html: the axe-core result of every page they
 * checked, and every screenshot.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
    }
    const report = browserReport();
    process.stdout.write(`${report ? `\n${report}` : ''}\ntests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
  }
}

function browserReport(): string | undefined {
  if (!existsSync(`${results}axe`)) return undefined;
  const pages = readdirSync(`${results}axe`)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(`${results}axe/${f}`, 'utf8')) as { page: string; violations: string[] });
  const shots = existsSync(`${results}screenshots`) ? readdirSync(`${results}screenshots`).filter((f) => f.endsWith('.png')).sort() : [];
  if (pages.length === 0) return undefined;
  const failing = pages.filter((p) => p.violations.length > 0);
  writeFileSync(
    `${results}index.html`,
    `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Browsertests: axe-core en schermafdrukken</title></head><body>
<h1>Browsertests</h1><h2>axe-core, WCAG 2.1 A en AA, per pagina</h2>
<table><thead><tr><th>pagina</th><th>overtredingen</th></tr></thead><tbody>
${pages.map((p) => `<tr><td>${escape(p.page)}</td><td>${p.violations.length ? escape(p.violations.join(', ')) : '0'}</td></tr>`).join('\n')}
</tbody></table>
<h2>Schermafdrukken</h2>
${shots.map((s) => `<figure><img src="screenshots/${escape(s)}" alt="Schermafdruk ${escape(s)}" width="640"><figcaption>${escape(s)}</figcaption></figure>`).join('\n')}
</body></html>\n`,
  );
  return `browser: axe-core on ${pages.length} pages, ${failing.length ? `violations on ${failing.map((p) => p.page).join(', ')}` : 'no violations'}; ${shots.length} screenshots; report in test-results/index.html`;
}
