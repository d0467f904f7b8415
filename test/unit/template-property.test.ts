import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarJson } from '../../functions/core/calendar-json.js';
import { planWarnings, planYear, type CycleFacts } from '../../functions/core/calendar.js';
import { cycleIcs } from '../../functions/core/ics.js';
import { ruleText } from '../../functions/core/rule-text.js';
import { templateSchema, type CycleTemplate } from '../../functions/core/template.js';
import { addDays, isoDate, localDate, parseIsoDate } from '../../functions/core/time.js';
import { clause } from './rules.js';

/**
 * For any template the schema accepts, planning any year it is valid for never throws, and every
 * deadline it prints (JSON and ICS) is a real date. The generator writes every rule and option,
 * with the edges that used to crash (29 February, the 31st, "last", long terms) and the mistakes
 * the checks must catch; what the schema refuses is skipped, and enough must be accepted.
 */

const parties = [
  { id: 'gemeente', name: 'Gemeente Voorbeeld', role: 'gemeente' },
  { id: 'woonstede', name: 'Woonstede', role: 'corporatie' },
  { id: 'de-alliantie', name: 'de Alliantie', shortName: 'Alliantie', role: 'corporatie' },
  { id: 'huurders', name: 'Huurders', role: 'huurdersorganisatie' },
];
const partyId = fc.constantFrom(...parties.map((p) => p.id));
const who = fc.oneof({ weight: 3, arbitrary: partyId }, { weight: 1, arbitrary: fc.record({ role: fc.constantFrom('gemeente', 'corporatie', 'huurdersorganisatie', 'all') }) });
const month = fc.integer({ min: 1, max: 12 });
const day = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 28 }) }, { weight: 1, arbitrary: fc.integer({ min: 29, max: 31 }) });
const dayOrLast = fc.oneof({ weight: 4, arbitrary: day }, { weight: 1, arbitrary: fc.constant('last' as const) });
const monthDay = fc.record({ month, day });
const n = (max: number) => fc.integer({ min: 0, max });
const one = <T extends Record<string, fc.Arbitrary<unknown>>>(options: T) =>
  fc.oneof(...Object.entries(options).map(([key, arb]) => arb.map((v) => ({ [key]: v }))));

const ids = { deliverable: ['a', 'b', 'c', 'd', 'e'], event: ['ev1', 'ev2'], series: ['s1', 's2'], period: ['kwartaal', 'halfjaar'] };
const due = fc.oneof(
  fc.record({ rule: fc.constant('fixed'), month, day: dayOrLast, inclusive: fc.boolean(), yearOffset: fc.integer({ min: -1, max: 1 }) }),
  fc.tuple(fc.constantFrom(...ids.period), one({ daysAfterEnd: n(366), workingDaysAfterEnd: fc.integer({ min: 1, max: 260 }), monthsAfterEnd: fc.integer({ min: 1, max: 24 }) })).map(([period, term]) => ({ rule: 'recurring', period, ...term })),
  fc
    .tuple(one({ event: fc.constantFrom(...ids.event), afterDeliverable: fc.constantFrom(...ids.deliverable) }), one({ days: n(366), workingDays: fc.integer({ min: 1, max: 260 }), months: fc.integer({ min: 1, max: 24 }) }))
    .map(([from, term]) => ({ rule: 'relative', ...from, ...term })),
  fc
    .tuple(fc.constantFrom(...ids.series), one({ daysBefore: n(366), daysAfter: n(366), workingDaysBefore: fc.integer({ min: 1, max: 260 }), workingDaysAfter: fc.integer({ min: 1, max: 260 }) }))
    .map(([series, term]) => ({ rule: 'meeting', series, ...term })),
  fc.record({ rule: fc.constant('sign-off'), signers: fc.uniqueArray(partyId, { minLength: 1, maxLength: 4 }), month, day: dayOrLast, inclusive: fc.boolean() }),
  fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 14 }), one({ day: dayOrLast, daysAfterEnd: n(60), workingDaysAfterEnd: fc.integer({ min: 1, max: 30 }) })).map(([interval, at]) => ({ rule: 'repeat', every: 'month', interval, ...at })),
    fc
      .tuple(fc.integer({ min: 1, max: 26 }), one({ weekday: fc.constantFrom('maandag', 'woensdag', 'vrijdag', 'zondag'), daysAfterEnd: n(30), workingDaysAfterEnd: fc.integer({ min: 1, max: 30 }) }))
      .map(([interval, at]) => ({ rule: 'repeat', every: 'week', interval, ...at })),
  ),
  fc.record({ rule: fc.constant('open'), window: fc.record({ from: monthDay, to: monthDay }), note: fc.constant('periodiek') }),
);

const deliverables = fc.uniqueArray(fc.constantFrom(...ids.deliverable), { minLength: 1, maxLength: 5 }).chain((names) =>
  fc.tuple(
    ...names.map((id) =>
      fc.record(
        {
          id: fc.constant(id),
          // {partij} where the deliverable is per party, or sometimes (refused) where it is not.
          title: fc.constantFrom(`Levering ${id}`, `Levering ${id} van {partij}`, `Levering ${id} van {partij}`, `Levering ${id} van {partij}`),
          description: fc.constantFrom('Iemand levert iets.', '{Partij} levert iets.'),
          clauses: fc.constant(clause),
          kind: fc.constantFrom('document', 'advice', 'meeting-agenda'),
          responsible: who,
          inform: fc.oneof(fc.uniqueArray(partyId, { maxLength: 3 }), fc.constant('all-others')),
          due,
          businessDays: fc.constantFrom('none', 'next-working-day'),
          reminders: fc.record({ daysBefore: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 4 }), onNonWorkingDay: fc.constantFrom('as-is', 'previous-working-day') }, { requiredKeys: [] }),
          years: fc.array(fc.integer({ min: 2000, max: 2200 }), { maxLength: 2 }),
        },
        { requiredKeys: ['id', 'title', 'description', 'clauses', 'kind', 'responsible', 'due'] },
      ),
    ),
  ),
);

const templates = fc.record({
  validFrom: fc.oneof(fc.constantFrom(2000, 2027, 2028, 2099, 2100, 2197), fc.integer({ min: 2000, max: 2197 })),
  length: fc.integer({ min: 0, max: 3 }),
  meetingsPlannedBy: fc.option(monthDay, { nil: undefined }),
  events: fc.tuple(...ids.event.map((id) => fc.record({ id: fc.constant(id), recordedBy: who }))),
  series: fc.tuple(...ids.series.map((id) => fc.record({ id: fc.constant(id), perYear: fc.option(fc.integer({ min: 1, max: 52 }), { nil: undefined }), windows: fc.array(fc.record({ from: monthDay, to: monthDay }), { minLength: 1, maxLength: 3 }) }))),
  sloppy: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
  deliverables,
});

type Generated = typeof templates extends fc.Arbitrary<infer T> ? T : never;

function toSource(g: Generated) {
  const meetingSeries = g.series.map((s) => ({ id: s.id, title: `Reeks ${s.id}`, organiser: 'gemeente', minPerYear: 2, clauses: clause, ...(s.perYear ? { perYear: s.perYear } : {}) }));
  const meetings = g.series.filter((s) => !s.perYear).flatMap((s) => s.windows.map((window, i) => ({ id: `${s.id}-m${i}`, title: `Vergadering ${i}`, series: s.id, window })));
  // Mostly {partij} only where it can be filled; `sloppy` keeps it everywhere, for the checks to refuse.
  const perParty = (w: unknown) => g.sloppy || typeof w !== 'string';
  const plain = (text: string, w: unknown) => (perParty(w) ? text : text.replace(/ van \{partij\}|\{Partij\}/, 'Iemand'));
  const events = g.events.map((e) => ({ ...e, title: plain('Gebeurtenis van {partij}', e.recordedBy) }));
  const deliverables = g.deliverables.map((d) => {
    const responsible = d.due.rule === 'sign-off' && !g.sloppy ? 'gemeente' : d.responsible;
    return { ...d, responsible, title: plain(d.title, responsible), description: plain(d.description, responsible) };
  });
  return {
    id: 'eigenschap', title: 'Eigenschap', tenant: 'test', coordinatorParty: 'gemeente', parties,
    validFrom: g.validFrom, validTo: g.validFrom + g.length,
    periods: [{ id: 'kwartaal', title: 'Kwartaal', startMonths: [1, 4, 7, 10] }, { id: 'halfjaar', title: 'Halfjaar', startMonths: [1, 7], labels: ['H1', 'H2'] }],
    events, meetingSeries, meetings, deliverables,
    ...(g.meetingsPlannedBy ? { meetingsPlannedBy: g.meetingsPlannedBy } : {}),
  };
}

/** Recorded dates: real days from the year before to the year after, some with a time. */
function factsFor(t: CycleTemplate, year: number, offsets: number[]): CycleFacts {
  const date = (k: number) => isoDate(addDays(localDate(year - 1, 1, 1), offsets[k % offsets.length]!));
  return {
    meetingDates: Object.fromEntries(t.meetings.map((m, k) => [m.id, k % 2 ? `${date(k)}T19:30` : date(k)])),
    eventDates: Object.fromEntries(t.events.map((e, k) => [e.id, date(k + 1)])),
    submittedOn: Object.fromEntries(t.deliverables.map((d, k) => [d.id, date(k + 2)])),
  };
}

const realDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isoDate(parseIsoDate(s)) === s;

describe('any template the schema accepts', () => {
  it('plans every year it is valid for without throwing, and every deadline is a real date', () => {
    let accepted = 0;
    fc.assert(
      fc.property(templates, fc.array(fc.integer({ min: 0, max: 1095 }), { minLength: 1, maxLength: 8 }), fc.boolean(), (g, offsets, withFacts) => {
        const parsed = templateSchema.safeParse(toSource(g));
        if (!parsed.success) return;
        accepted++;
        const t = parsed.data;
        for (const d of t.deliverables) expect(ruleText(d, t)).not.toMatch(/undefined|NaN|\{partij\}/i);
        for (let year = t.validFrom; year <= t.validTo; year++) {
          const facts = withFacts ? factsFor(t, year, offsets) : {};
          const plan = planYear(t, year, facts);
          expect(new Set(plan.map((i) => i.instanceId)).size).toBe(plan.length);
          const json = calendarJson(t.id, year, plan);
          for (const i of json.instances) {
            if (i.due) {
              expect(realDate(i.due.lastDay), `${i.instanceId}: ${i.due.lastDay}`).toBe(true);
              expect(Number.isNaN(Date.parse(i.due.lateFromUtc))).toBe(false);
            }
            for (const r of i.reminders) expect(Number.isNaN(Date.parse(r.utc))).toBe(false);
            if (i.window) expect(realDate(i.window.from) && realDate(i.window.to)).toBe(true);
          }
          const ics = cycleIcs(plan, { name: 'x', templateId: t.id, year, partyNames: {}, stamp: new Date(Date.UTC(year, 0, 1)) });
          for (const [, d] of ics.matchAll(/^DTSTART;VALUE=DATE:(\d{8})/gm)) expect(realDate(`${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6)}`)).toBe(true);
          planWarnings(t, year, facts, localDate(year, 6, 1));
        }
      }),
      { numRuns: 100 },
    );
    expect(accepted).toBeGreaterThan(50);
  }, 120_000);
});
