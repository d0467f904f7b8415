import { planYear, type CycleFacts, type PlannedInstance } from '../../functions/core/calendar.js';
import { templateSchema, type CycleTemplate } from '../../functions/core/template.js';

/** Small templates for the tests of the timing rules: four parties, one clause, the deliverables given. */
export const clause = [{ agreement: 'prestatieafspraken-test', clause: '1', quote: 'een citaat uit de afspraak' }];

export const parties = [
  { id: 'gemeente', name: 'Gemeente Voorbeeld', role: 'gemeente' },
  { id: 'woonstede', name: 'Stichting Woonstede', shortName: 'Woonstede', role: 'corporatie' },
  { id: 'de-alliantie', name: 'Stichting de Alliantie', shortName: 'de Alliantie', role: 'corporatie' },
  { id: 'huurders', name: 'Huurdersvereniging Voorbeeld', shortName: 'de huurders', role: 'huurdersorganisatie' },
];

/** A deliverable with defaults for everything but its timing. */
export const deliverable = (id: string, due: object, extra: object = {}) => ({
  id,
  title: `Levering ${id}`,
  description: 'Een levering uit de test.',
  clauses: clause,
  kind: 'document',
  responsible: 'gemeente',
  due,
  ...extra,
});

export function source(deliverables: object[], extra: object = {}) {
  return { id: 'test', title: 'Test', tenant: 'test', validFrom: 2020, validTo: 2040, coordinatorParty: 'gemeente', parties, deliverables, ...extra };
}

export function template(deliverables: object[], extra: object = {}): CycleTemplate {
  return templateSchema.parse(source(deliverables, extra));
}

/** The problems `check` reports, as `path: message`. */
export function problems(deliverables: object[], extra: object = {}): string[] {
  const parsed = templateSchema.safeParse(source(deliverables, extra));
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

/** `instanceId → lastDay` (or the state, undated). */
export function lastDays(t: CycleTemplate, year: number, facts: CycleFacts = {}): Record<string, string> {
  return Object.fromEntries(planYear(t, year, facts).map((i: PlannedInstance) => [i.instanceId, i.timing.state === 'dated' ? i.timing.lastDay : i.timing.state]));
}

/** The event `besluit` (recorded by the gemeente) that relative rules in the tests count from. */
export const events = [{ id: 'besluit', title: 'Besluit genomen', recordedBy: 'gemeente' }];

/** The last day of the one deliverable `x` of a template, for a year and facts. */
export function lastDayOf(due: object, year: number, facts: CycleFacts = {}, extra: object = {}): string {
  return lastDays(template([deliverable('x', due, extra)], { events }), year, facts).x!;
}

/** The last day of `x` due some term after the event `besluit` on `date`. */
export const after = (term: object, date: string, extra: object = {}) =>
  lastDayOf({ rule: 'relative', event: 'besluit', ...term }, Number(date.slice(0, 4)), { eventDates: { besluit: date } }, extra);
