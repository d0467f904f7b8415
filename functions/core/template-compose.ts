import { isDeepStrictEqual } from 'node:util';
import type { CycleTemplate } from './template.js';

/**
 * A cycle can follow more than one agreement in force at once (the 2026 agreement next to the
 * standing procesafspraken): their templates are composed into the one template the planner, the
 * dashboard and the calendars read. Each deliverable keeps its own clauses, so each still traces to
 * its own agreement.
 *
 * The first template leads: its id names the cycle's calendar entries, so adding an agreement to a
 * cycle changes no existing calendar UID. Parties, periods, events, meeting series and meetings are
 * merged by id and must mean the same wherever an id recurs; a deliverable id belongs to one
 * template only.
 */
export type Composition = { ok: true; template: CycleTemplate } | { ok: false; problems: string[] };

type Keyed = { id: string };
const collections = ['parties', 'periods', 'events', 'meetingSeries', 'meetings'] as const;
const dutch: Record<(typeof collections)[number] | 'deliverables', string> = {
  parties: 'partij',
  periods: 'periode',
  events: 'gebeurtenis',
  meetingSeries: 'vergaderreeks',
  meetings: 'vergadering',
  deliverables: 'levering',
};

export function composeTemplates(templates: CycleTemplate[]): Composition {
  const [first, ...rest] = templates;
  if (!first) return { ok: false, problems: ['een cyclus volgt minstens één sjabloon'] };
  if (rest.length === 0) return { ok: true, template: first };
  const problems: string[] = [];
  for (const t of rest) {
    if (t.tenant !== first.tenant) problems.push(`sjabloon ${t.id} is voor gemeente ${t.tenant}, sjabloon ${first.id} voor ${first.tenant}`);
    if (t.coordinatorParty !== first.coordinatorParty) {
      problems.push(`sjabloon ${t.id} heeft coördinerende partij ${t.coordinatorParty}, sjabloon ${first.id} ${first.coordinatorParty}; dat moet dezelfde zijn`);
    }
  }
  const merged = <K extends (typeof collections)[number]>(key: K): CycleTemplate[K] => {
    const out: Keyed[] = [];
    const owner = new Map<string, string>();
    for (const t of templates) {
      for (const item of t[key] as Keyed[]) {
        const seen = out.find((o) => o.id === item.id);
        if (!seen) {
          out.push(item);
          owner.set(item.id, t.id);
        } else if (!isDeepStrictEqual(seen, item)) {
          problems.push(`${dutch[key]} ${item.id} staat in sjabloon ${owner.get(item.id)} en in ${t.id}, verschillend; geef er één een andere id of maak ze gelijk`);
        }
      }
    }
    return out as CycleTemplate[K];
  };
  const deliverables: CycleTemplate['deliverables'] = [];
  const deliverableOwner = new Map<string, string>();
  for (const t of templates) {
    for (const d of t.deliverables) {
      const other = deliverableOwner.get(d.id);
      if (other) problems.push(`levering ${d.id} staat in sjabloon ${other} en in ${t.id}; een levering hoort bij één sjabloon`);
      else {
        deliverableOwner.set(d.id, t.id);
        deliverables.push(d);
      }
    }
  }
  const template: CycleTemplate = {
    ...first,
    title: templates.map((t) => t.title).join(' + '),
    validFrom: Math.max(...templates.map((t) => t.validFrom)),
    validTo: Math.min(...templates.map((t) => t.validTo)),
    parties: merged('parties'),
    periods: merged('periods'),
    events: merged('events'),
    meetingSeries: merged('meetingSeries'),
    meetings: merged('meetings'),
    meetingsPlannedBy: templates.map((t) => t.meetingsPlannedBy).reduce((a, b) => (b.month * 100 + b.day < a.month * 100 + a.day ? b : a)),
    deliverables,
  };
  return problems.length ? { ok: false, problems } : { ok: true, template };
}
