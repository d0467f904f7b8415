import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFacts } from '../../functions/core/facts-file.js';
import { closestMatch, editDistance } from '../../functions/core/suggest.js';
import { checkTemplate } from '../../functions/core/template-file.js';
import { readYaml } from '../../functions/core/yaml-file.js';
import { readTemplate } from '../../infra/local/seed.js';

const fixture = readFileSync(new URL('../fixtures/huuradvies.yaml', import.meta.url), 'utf8');
const leusden = new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
const problemsOf = (yaml: string) => {
  const checked = checkTemplate(yaml);
  return checked.ok ? [] : checked.problems;
};
const aliasBomb = readFileSync(new URL('../fixtures/alias-bomb.yaml', import.meta.url), 'utf8');

describe('the suggestion for a typo', () => {
  it('counts edits, a swap of two neighbours as one', () => {
    expect(editDistance('businesDays', 'businessDays')).toBe(1);
    expect(editDistance('tilte', 'title')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('names the closest allowed word, ignoring case, and nothing when none is close', () => {
    const allowed = ['id', 'title', 'businessDays', 'lateAllowed', 'responsible'];
    expect(closestMatch('businesDays', allowed)).toBe('businessDays');
    expect(closestMatch('BusinessDays', allowed)).toBe('businessDays');
    expect(closestMatch('responsable', allowed)).toBe('responsible');
    expect(closestMatch('kleur', allowed)).toBeUndefined();
    expect(closestMatch('zz', allowed)).toBeUndefined();
  });
});

describe('a template message', () => {
  it('refuses an unknown key with its path, id, line and a suggestion', () => {
    const typo = fixture.replace('    kind: advice', '    kind: advice\n    businesDays: next-working-day');
    expect(problemsOf(typo)).toEqual(['deliverables[0] (huuradvies).businesDays (regel 21): onbekend veld; bedoelt u businessDays?']);
    const far = fixture.replace('    kind: advice', '    kind: advice\n    kleur: rood');
    expect(problemsOf(far)).toEqual(['deliverables[0] (huuradvies).kleur (regel 21): onbekend veld']);
  });

  it('refuses unknown keys inside a timing rule and at the top, one line each', () => {
    const due = fixture.replace('inclusive: false }', 'inclusive: false, yaerOffset: 0, foo: 1 }');
    expect(problemsOf(due)).toEqual([
      'deliverables[0] (huuradvies).due.yaerOffset (regel 23): onbekend veld; bedoelt u yearOffset?',
      'deliverables[0] (huuradvies).due.foo (regel 23): onbekend veld',
    ]);
    expect(problemsOf(fixture.replace('tenant: leusden', 'tenant: leusden\ntitel: dubbel'))).toEqual(['titel (regel 5): onbekend veld; bedoelt u title?']);
  });

  it('names the line of a nested value in block style, and behind an alias the line it stands on', () => {
    const block = fixture.replace('    due: { rule: fixed, month: 3, day: 1, inclusive: false }', '    due:\n      rule: fixed\n      month: 13\n      day: 1\n      inclusive: false');
    expect(problemsOf(block)).toEqual(['deliverables[0] (huuradvies).due.month (regel 25): moet 1-12 zijn']);
    const second = ['  - id: tweede-advies', '    title: Nog een advies', '    description: Hetzelfde artikel.', '    clauses: *bron', '    kind: advice', '    responsible: hlve', '    due: { rule: fixed, month: 4, day: 1, inclusive: true }'];
    const aliased = `${fixture.replace('    clauses:', '    clauses: &bron').replace(/quote: .*/, 'quote: kort')}${second.join('\n')}\n`;
    expect(problemsOf(aliased)).toEqual([
      'deliverables[0] (huuradvies).clauses[0].quote (regel 19): citeer minstens 8 tekens uit de bron',
      'deliverables[1] (tweede-advies).clauses[0].quote (regel 19): citeer minstens 8 tekens uit de bron',
    ]);
  });

  it('is Dutch where zod would write English', () => {
    expect(problemsOf('')).toEqual([expect.stringMatching(/^het sjabloon is leeg: /)]);
    expect(problemsOf('- een lijst')).toEqual(['het sjabloon (regel 1): moet een groep velden (naam: waarde) zijn, niet een lijst']);
    const wrong = fixture.replace('validTo: 2040', 'validTo: "later"').replace(/^title: .*\n/m, '').replace('inclusive: false', 'inclusive: nee');
    expect(problemsOf(wrong)).toEqual([
      'title (regel 2): ontbreekt; dit veld is verplicht',
      'validTo (regel 5): moet een getal zijn, niet tekst "later"',
      'deliverables[0] (huuradvies).due.inclusive (regel 22): zeg met true of false of de datum zelf nog op tijd is',
    ]);
    for (const p of problemsOf(wrong.replace('responsible: hlve', 'responsible: [hlve]'))) expect(p).not.toMatch(/Invalid|expected|received/);
  });

  it('checks each quote against its source text, where the source is at hand', () => {
    const source = () => 'Artikel 47. Iets anders. 48. De huuraanpassing (voor 1 maart) overeengekomen met de huurders.';
    expect(checkTemplate(fixture, source)).toMatchObject({ ok: true, uncheckedSources: [] });
    expect(checkTemplate(fixture, () => undefined)).toMatchObject({ ok: true, uncheckedSources: ['prestatieafspraken-leusden-2020-2022'] });
    const misquoted = fixture.replace('quote: huuraanpassing (voor 1 maart) overeengekomen', 'quote: huuraanpassing (voor 1 april) overeengekomen');
    expect(checkTemplate(misquoted, source)).toEqual({
      ok: false,
      problems: ['deliverables[0] (huuradvies).clauses[0].quote (regel 19): het citaat "huuraanpassing (voor 1 april) overeengekomen" staat niet in prestatieafspraken-leusden-2020-2022'],
    });
    const wrongClause = fixture.replace('clause: "48"', 'clause: "12"');
    expect(checkTemplate(wrongClause, source)).toMatchObject({ ok: false, problems: [expect.stringContaining('maar niet onder artikel 12')] });
  });
});

describe('the YAML loader', () => {
  it('refuses merge keys, alias bombs, too large files and unknown tags, in Dutch', () => {
    expect(readYaml('basis: &b { a: 1 }\nander:\n  <<: *b\n', 'x')).toEqual({ ok: false, problems: ['regel 3: samenvoegsleutels (<<) worden niet ondersteund; schrijf de velden voluit'] });
    expect(readYaml(aliasBomb, 'x')).toEqual({ ok: false, problems: [expect.stringMatching(/^de ankers en verwijzingen .* zouden het bestand te groot maken/)] });
    expect(readYaml(`a: "${'x'.repeat(1024 * 1024)}"`, 'x')).toEqual({ ok: false, problems: [expect.stringMatching(/^het bestand is te groot \(1\.048\.58\d bytes\); de grens is 1 MiB/)] });
    expect(readYaml('a: !python/object x', 'x')).toMatchObject({ ok: false, problems: [expect.stringContaining('type-aanduiding (!tag) wordt niet ondersteund')] });
    expect(readYaml('a: 1\na: 2', 'x')).toMatchObject({ ok: false, problems: ['regel 2, kolom 1: dit is geen geldige YAML: deze sleutel komt twee keer voor (DUPLICATE_KEY)'] });
  });

  it('reads the anchors of the Leusden template (x- keys hold them)', () => {
    expect(readTemplate(leusden).template.deliverables.length).toBeGreaterThan(15);
  });
});

describe('a facts file', () => {
  const template = readTemplate(leusden).template;
  const problems = (yaml: string) => {
    const checked = checkFacts(yaml, template, 2021);
    return checked.ok ? [] : checked.problems;
  };

  it('accepts dates of the template meetings and events in their year', () => {
    expect(checkFacts('meetingDates:\n  voorjaarsoverleg: 2021-04-14T19:30\neventDates:\n  achtervang-aangevraagd: 2021-06-01\n', template, 2021)).toEqual({
      ok: true,
      facts: { meetingDates: { voorjaarsoverleg: '2021-04-14T19:30' }, eventDates: { 'achtervang-aangevraagd': '2021-06-01' } },
    });
    expect(checkFacts('', template, 2021)).toEqual({ ok: true, facts: { meetingDates: {}, eventDates: {} } });
  });

  it('refuses impossible dates, unknown ids, dates outside the window or the year, by line', () => {
    expect(problems('meetingDates:\n  voorjaarsoverleg: 2021-02-30\n')).toEqual(['meetingDates.voorjaarsoverleg (regel 2): die datum of tijd bestaat niet']);
    expect(problems('meetingDates:\n  voorjaarsoverleg: 2021-04-14T25:00\n')).toEqual(['meetingDates.voorjaarsoverleg (regel 2): die datum of tijd bestaat niet']);
    expect(problems('meetingDates:\n  voorjaarsoverlek: 2021-04-14\n')).toEqual(['meetingDates.voorjaarsoverlek (regel 2): onbekende vergadering; bedoelt u voorjaarsoverleg?']);
    expect(problems('eventDates:\n  feest: 2021-04-14\n')).toEqual([expect.stringMatching(/^eventDates\.feest \(regel 2\): onbekende gebeurtenis; het sjabloon kent jaarverslag-vastgesteld-gemeente-leusden, /)]);
    expect(problems('meetingDates:\n  najaarsoverleg: 2021-04-14\n')).toEqual(['meetingDates.najaarsoverleg (regel 2): valt buiten de periode van deze vergadering, 1 september – 30 november 2021']);
    expect(problems('eventDates:\n  achtervang-aangevraagd: 2022-01-03\n')).toEqual(['eventDates.achtervang-aangevraagd (regel 2): valt niet in het cyclusjaar 2021']);
    expect(problems('meetingdates: {}\n')).toEqual(['meetingdates (regel 1): onbekend veld; bedoelt u meetingDates?']);
    expect(problems(aliasBomb)).toEqual([expect.stringMatching(/^de ankers en verwijzingen/)]);
  });
});
