import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planYear } from '../../functions/core/calendar.js';
import { checkTemplate } from '../../functions/core/template-file.js';
import { templateJsonSchema } from '../../functions/core/template-schema.js';
import { readTemplate } from '../../infra/local/seed.js';

const dir = new URL('../../workflows/cycles/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const load = (name: string) => readTemplate(new URL(`${name}.yaml`, dir)).template;
const source = (agreement: string) => read(`sources/${agreement}.txt`);

/** Each template with the fewest deliverables it must have (as written out per party and per meeting). */
describe.each([
  ['leusden-2020-2022', 15],
  ['leusden-omthuis-2026', 15],
  ['leusden-procesafspraken', 12],
] as const)('the %s template', (name, atLeast) => {
  const template = load(name);
  const refs = [
    ...template.deliverables.flatMap((d) => d.clauses.map((c) => ({ owner: `deliverable ${d.id}`, ...c }))),
    ...template.meetingSeries.flatMap((s) => s.clauses.map((c) => ({ owner: `meetings ${s.id}`, ...c }))),
    ...template.events.flatMap((e) => e.clauses.map((c) => ({ owner: `event ${e.id}`, ...c }))),
  ];

  it('is valid', () => {
    expect(template.deliverables.length).toBeGreaterThan(atLeast);
  });

  it('traces every clause to the seed agreement: the quote stands there, under its clause number', () => {
    expect(refs.length).toBeGreaterThan(0);
    expect(checkTemplate(read(`${name}.yaml`), source)).toMatchObject({ ok: true, uncheckedSources: [] });
  });

  it('plans every year it covers without a gap: each deliverable of that year gives an instance', () => {
    for (let year = template.validFrom; year <= Math.min(template.validTo, template.validFrom + 2); year++) {
      const ids = new Set(planYear(template, year).map((i) => i.deliverableId));
      const expected = template.deliverables.filter((d) => !d.years || d.years.includes(year)).map((d) => d.id);
      expect([...ids].sort()).toEqual([...expected].sort());
    }
  });
});

describe('the Leusden 2020-2022 template', () => {
  const template = load('leusden-2020-2022');
  const year2021 = planYear(template, 2021);
  const lastDay = (deliverableId: string) =>
    year2021.filter((i) => i.deliverableId === deliverableId).map((i) => (i.timing.state === 'dated' ? i.timing.lastDay : i.timing.state));

  it('has HLVE\'s huuradvies before 1 March and WSL\'s request for it before the year starts (L48)', () => {
    expect(lastDay('huuradvies')).toEqual(['2021-02-28']);
    const request = template.deliverables.find((d) => d.responsible === 'wsl' && d.clauses.some((c) => c.clause === '48') && d.due.rule === 'fixed' && d.due.month === 1);
    expect(request).toBeDefined();
    expect(lastDay(request!.id)).toEqual(['2020-12-31']);
  });

  it('has at least three board meetings and four uitvoeringsgroep meetings, each with agenda and minutes', () => {
    const series = Object.fromEntries(template.meetingSeries.map((s) => [s.id, s.minPerYear]));
    expect(series).toMatchObject({ 'bestuurlijk-overleg': 3, uitvoeringsgroep: 4 });
    const meetingBound = year2021.filter((i) => i.meeting);
    expect(meetingBound.filter((i) => i.kind === 'meeting-agenda')).toHaveLength(7);
    expect(meetingBound.filter((i) => i.kind === 'meeting-minutes')).toHaveLength(7);
  });
});

describe('an invalid template', () => {
  it('is rejected with every problem listed by its path', () => {
    const bad = read('../../test/fixtures/huuradvies.yaml')
      .replace('month: 3, day: 1', 'month: 13, day: 1')
      .replace('responsible: hlve', 'responsible: onbekend')
      .replace('kind: advice', 'kind: advies');
    const result = checkTemplate(bad);
    expect(result).toEqual({
      ok: false,
      problems: expect.arrayContaining([
        'deliverables[0] (huuradvies).due.month (regel 23): moet 1-12 zijn',
        'deliverables[0] (huuradvies).kind (regel 20): moet een van advice, document, progress-report, sign-off, notification, meeting-agenda, meeting-minutes zijn, niet tekst "advies"; bedoelt u advice?',
      ]),
    });
    const refs = checkTemplate(read('../../test/fixtures/huuradvies.yaml').replace('responsible: hlve', 'responsible: onbekend'));
    expect(refs).toEqual({ ok: false, problems: ['deliverables[0] (huuradvies).responsible (regel 21): onbekende partij "onbekend"'] });
  });

  it('is rejected, not thrown, when it is not YAML at all', () => {
    const result = checkTemplate('id: [unclosed\n  title: x');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/^regel \d+, kolom \d+: dit is geen geldige YAML/);
  });
});

describe('the JSON Schema for editors', () => {
  it('is generated from the zod schema and committed up to date (npm run schema)', () => {
    expect(JSON.parse(read('template.schema.json'))).toEqual(JSON.parse(JSON.stringify(templateJsonSchema())));
  });

  it('refuses unknown keys in every object, so an editor flags a typo too', () => {
    const open: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if (schema.type === 'object' && schema.additionalProperties !== false) open.push(at);
      for (const [key, value] of Object.entries(schema)) walk(value, `${at}.${key}`);
    };
    walk(templateJsonSchema(), '$');
    expect(open).toEqual([]);
  });
});
