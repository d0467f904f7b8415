import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { huuradviesTemplate } from '../support.js';
import { npmStart, type RunningStart } from './npm-start.js';

// The huuradvies fixture, as if Amersfoort kept it: another tenant id and another municipality's name.
const dir = mkdtempSync(join(tmpdir(), 'prestatiecyclus-amersfoort-'));
const template = join(dir, 'amersfoort.yaml');
writeFileSync(
  template,
  readFileSync(huuradviesTemplate, 'utf8').replace(/^tenant: leusden$/m, 'tenant: amersfoort').replace('name: Gemeente Leusden', 'name: Gemeente Amersfoort'),
);
let start: RunningStart | undefined;
afterAll(async () => {
  await start?.cleanUp();
  rmSync(dir, { recursive: true, force: true });
});

it('npm start takes any tenant from its template: the banner, the dashboard address, the link and the token are that tenant\'s', async () => {
  start = await npmStart(join(dir, 'data'), ['--template', template, '--year', '2027']);
  const out = start.out();
  expect(out).toContain('prestatiecyclus draait lokaal — Gemeente Amersfoort, cyclus 2027');
  expect(out).not.toMatch(/Leusden,? cyclus|beheer\/leusden|tenants\/leusden/);
  const dashboard = /Dashboard \(coördinator\)\s+(\S+)/.exec(out)![1]!;
  expect(new URL(dashboard).pathname).toBe('/beheer/amersfoort/2027');
  // The printed link opens the form of a party the template has.
  const link = /Link van Huurders Leusden Voor Elkaar \(HLVE\) voor „[^”]+”\s+(\S+)/.exec(out)![1]!;
  expect((await fetch(link)).status).toBe(200);
  // The printed development token is Amersfoort's coordinator: its status answers.
  const [, token, url] = /curl -H 'Authorization: Bearer ([^']+)' (\S+)/.exec(out)!;
  const status = await fetch(url!, { headers: { authorization: `Bearer ${token}` } });
  expect(status.status).toBe(200);
  expect(((await status.json()) as { deliverables: unknown[] }).deliverables).toHaveLength(1);
});
