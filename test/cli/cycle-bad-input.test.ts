import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support.js';

/**
 * Every kind of bad input, through `npm run cycle` as a person runs it: exit code 2, one Dutch
 * message on stderr naming what is wrong and where, and never a stack trace.
 */

const root = new URL('../../', import.meta.url).pathname;
const leusden = 'workflows/cycles/leusden-2020-2022.yaml';
const fixture = readFileSync(join(root, 'test/fixtures/huuradvies.yaml'), 'utf8');
const aliasBomb = readFileSync(join(root, 'test/fixtures/alias-bomb.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'cycle-bad-'));
let written = 0;
/** Writes `text` to a new file in a temporary directory; returns its path. */
const file = (text: string) => {
  const path = join(dir, `invoer-${++written}.yaml`);
  writeFileSync(path, text);
  return path;
};
const cycle = (...args: string[]) => runCli('cycle.ts', ...args);
const calendar2021 = (facts: string) => cycle('calendar', '--template', leusden, '--year', '2021', '--facts', file(facts));

const templates: [string, string, string][] = [
  ['a typo in a key', fixture.replace('    kind: advice', '    kind: advice\n    businesDays: next-working-day'), 'deliverables[0] (huuradvies).businesDays (regel 21): onbekend veld; bedoelt u businessDays?'],
  ['an empty file', '', 'het sjabloon is leeg: '],
  ['a value zod would call invalid in English', fixture.replace('validTo: 2040', 'validTo: later'), 'validTo (regel 6): moet een getal zijn, niet tekst "later"'],
  ['a merge key', `${fixture}x-basis: &basis { kind: advice }\nextra:\n  <<: *basis\n`, 'regel 26: samenvoegsleutels (<<) worden niet ondersteund'],
  ['an alias bomb', aliasBomb, 'de ankers en verwijzingen (&naam, *naam) zouden het bestand te groot maken'],
  ['a file over 1 MiB', `${fixture}# ${'x'.repeat(1024 * 1024)}\n`, 'wordt niet gelezen: het bestand is te groot ('],
  ['YAML that does not parse', 'id: [open\n  title: x', 'dit is geen geldige YAML'],
  ['a quote that is not in the source', fixture.replace('(voor 1 maart) overeengekomen', '(voor 1 april) overeengekomen'), 'deliverables[0] (huuradvies).clauses[0].quote (regel 19): het citaat "huuraanpassing (voor 1 april) overeengekomen" staat niet in prestatieafspraken-leusden-2020-2022'],
];

const facts: [string, string, string][] = [
  ['an impossible date', 'meetingDates:\n  voorjaarsoverleg: 2021-02-30\n', 'meetingDates.voorjaarsoverleg (regel 2): die datum of tijd bestaat niet'],
  ['an unknown meeting', 'meetingDates:\n  voorjaarsoverlek: 2021-04-14\n', 'meetingDates.voorjaarsoverlek (regel 2): onbekende vergadering; bedoelt u voorjaarsoverleg?'],
  ['an unknown event', 'eventDates:\n  feest: 2021-04-14\n', 'eventDates.feest (regel 2): onbekende gebeurtenis; het sjabloon kent '],
  ['a meeting outside its window', 'meetingDates:\n  najaarsoverleg: 2021-04-14\n', 'meetingDates.najaarsoverleg (regel 2): valt buiten de periode van deze vergadering, 1 september – 30 november 2021'],
  ['a date outside the cycle year', 'eventDates:\n  achtervang-aangevraagd: 2022-01-03\n', 'eventDates.achtervang-aangevraagd (regel 2): valt niet in het cyclusjaar 2021'],
  ['an alias bomb', aliasBomb, 'de ankers en verwijzingen (&naam, *naam) zouden het bestand te groot maken'],
];

function expectDutchRefusal(out: { code: number; stdout: string; stderr: string }, message: string) {
  expect(out.code, out.stderr).toBe(2);
  expect(out.stdout).toBe('');
  expect(out.stderr).toContain(message);
  expect(out.stderr).toMatch(/^cycle: /);
  expect(out.stderr).not.toMatch(/^\s+at |Error\b|Invalid input|expected|received|node:internal/m);
}

describe('npm run cycle -- check, on a bad template', () => {
  it.each(templates)('refuses %s with exit code 2 and a Dutch message', async (_, text, message) => {
    expectDutchRefusal(await cycle('check', '--template', file(text)), message);
  });
});

describe('npm run cycle -- calendar --facts, on a bad facts file', () => {
  it.each(facts)('refuses %s with exit code 2 and a Dutch message', async (_, text, message) => {
    expectDutchRefusal(await calendar2021(text), message);
  });
});

describe('npm run cycle -- check', () => {
  it('passes both Leusden templates, every quote checked against its source', async () => {
    for (const template of [leusden, 'workflows/cycles/leusden-omthuis-2026.yaml', 'workflows/cycles/leusden-procesafspraken.yaml']) {
      const out = await cycle('check', '--template', template);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toMatch(/: geldig — \d+ leveringen, 4 partijen\.\n$/);
      expect(out.stderr).not.toContain('niet gevonden');
    }
  });

  it('warns, without failing, when a source is missing or too few meetings are planned', async () => {
    const meetings = [
      'meetingSeries:',
      '  - { id: overleg, title: Bestuurlijk overleg, organiser: gemeente-leusden, minPerYear: 3, clauses: [{ agreement: een-onbekende-bron, clause: procesafspraken, quote: minimaal drie keer per jaar }] }',
      'meetings:',
      '  - { id: voorjaar, title: Voorjaarsoverleg, series: overleg, window: { from: { month: 3, day: 1 }, to: { month: 5, day: 31 } } }',
    ];
    const out = await cycle('check', '--template', file(`${fixture}${meetings.join('\n')}\n`));
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain('cycle: let op: de brontekst een-onbekende-bron.txt is niet gevonden; de citaten daaruit zijn niet gecontroleerd.');
    expect(out.stderr).toContain('cycle: waarschuwing: Bestuurlijk overleg: het sjabloon kent 1 vergaderingen, de afspraken vragen er minstens 3 per jaar.');
  });

  it('says in Dutch which option was meant', async () => {
    const out = await cycle('check', '--tempalte', leusden);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^cycle: onbekende optie --tempalte; bedoelt u --template\?/);
    expect((await cycle('calendar', '--template', leusden, '--year')).stderr).toBe('cycle: --year heeft een waarde nodig, bv. --year 2027.\n');
  });
});
