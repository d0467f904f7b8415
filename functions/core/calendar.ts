import {
  afterEndTerm,
  afterTerm,
  beforeMeeting,
  meetingsPlannedBy,
  meetingTerm,
  periodsOf,
  relativeTerm,
  repeatLastDay,
  repeatPeriods,
  termText,
  type Period,
} from './calendar-rules.js';
import { lastValidDay, lateFrom, type ReminderPolicy } from './deliverable.js';
import { applyBusinessDays } from './holidays.js';
import { reminderSlots, type ReminderSlot } from './reminder-plan.js';
import type { CycleTemplate, DeliverableKind, TemplateDeliverable } from './template.js';
import { isoDate, localDate, parseIsoDate, type LocalDate } from './time.js';

/** Dates someone recorded for the cycle year: meetings, events, and submissions that others follow. */
export interface CycleFacts {
  /** Meeting id → local date (`2027-04-12`) or date and time (`2027-04-12T19:30`). */
  meetingDates?: Record<string, string>;
  /** Event id → local date it happened, e.g. the adoption of a jaarverslag. */
  eventDates?: Record<string, string>;
  /** Instance id → local date it was submitted, for deliverables relative to another's submission. */
  submittedOn?: Record<string, string>;
}

export type Timing =
  | { state: 'dated'; lastDay: string; lateFrom: string; shiftedFrom?: string }
  | { state: 'waiting'; waitingFor: { kind: 'event' | 'meeting' | 'deliverable'; id: string; title: string } }
  | { state: 'open-item'; window: { from: string; to: string }; note: string };

/** What one deliverable instance of one year is, without its run-time state. */
export interface PlannedInstance {
  instanceId: string;
  deliverableId: string;
  templateId: string;
  title: string;
  description: string;
  kind: DeliverableKind;
  responsible: string;
  inform: string[];
  clauses: TemplateDeliverable['clauses'];
  lateAllowed: boolean;
  reminders: ReminderPolicy;
  timing: Timing;
  period?: { id: string; label: string; from: string; to: string };
  meeting?: { id: string; title: string; date?: string; window: { from: string; to: string } };
  /** Progress report: the prestatieafspraken it reports on. */
  progressItems?: { ref: string; title: string }[];
  /** A deliverable due some days after another's submission: the one it answers (its reminders and form link to it). */
  answers?: { instanceId: string; title: string };
  /** The deliverables due some days after this one's submission: what its recipients are expected to do with it. */
  followers?: { instanceId: string; title: string; responsible: string; days?: number; term?: string }[];
  /** Sign-off: the signer of this instance, and the id all signers of one agreement share. */
  signOff?: { group: string; signer: string; signers: string[] };
}

const md = (year: number, d: { month: number; day: number }) => isoDate(localDate(year, d.month, d.day));

function dated(lastDay: LocalDate, def: TemplateDeliverable): Timing {
  const shifted = applyBusinessDays(lastDay, def.businessDays);
  const moved = isoDate(shifted) !== isoDate(lastDay);
  return {
    state: 'dated',
    lastDay: isoDate(shifted),
    lateFrom: lateFrom(shifted).toISOString(),
    ...(moved ? { shiftedFrom: isoDate(lastDay) } : {}),
  };
}


/**
 * Every deliverable instance of a cycle year, from the template and the dates recorded so far.
 * Pure: the same template, year and facts give the same list, sorted by last day.
 */
export function planYear(template: CycleTemplate, year: number, facts: CycleFacts = {}): PlannedInstance[] {
  const out: PlannedInstance[] = [];
  for (const def of template.deliverables) {
    if (def.years && !def.years.includes(year)) continue;
    const followers = template.deliverables
      .filter((d) => d.due.rule === 'relative' && d.due.afterDeliverable === def.id && (!d.years || d.years.includes(year)))
      .map((d) => {
        const term = relativeTerm(d.due as Extract<TemplateDeliverable['due'], { rule: 'relative' }>);
        return { instanceId: d.id, title: d.title, responsible: d.responsible, ...(term.unit === 'days' ? { days: term.n } : {}), term: termText(term) };
      });
    const base = {
      deliverableId: def.id,
      templateId: template.id,
      title: def.title,
      description: def.description,
      kind: def.kind,
      responsible: def.responsible,
      inform: def.inform,
      clauses: def.clauses,
      lateAllowed: def.lateAllowed,
      reminders: def.reminders,
      ...(def.progressItems ? { progressItems: def.progressItems } : {}),
      ...(followers.length > 0 ? { followers } : {}),
    };
    const periodic = (p: Period, lastDay: LocalDate, title: string) =>
      out.push({ ...base, instanceId: `${def.id}-${p.id}`, title: `${def.title} (${title})`, timing: dated(lastDay, def), period: { id: p.id, label: p.label, from: isoDate(p.from), to: isoDate(p.to) } });
    const due = def.due;
    switch (due.rule) {
      case 'fixed':
        out.push({ ...base, instanceId: def.id, timing: dated(lastValidDay(due, year), def) });
        break;
      case 'sign-off':
        for (const signer of due.signers) {
          out.push({
            ...base,
            instanceId: `${def.id}-${signer}`,
            responsible: signer,
            timing: dated(lastValidDay(due, year), def),
            signOff: { group: def.id, signer, signers: due.signers },
          });
        }
        break;
      case 'recurring':
        for (const p of periodsOf(template, due.period, year)) periodic(p, afterTerm(p.to, afterEndTerm(due)), `${p.label} ${year}`);
        break;
      case 'repeat':
        for (const p of repeatPeriods(due, year)) periodic(p, repeatLastDay(due, p), due.every === 'week' ? `${p.label} van ${year}` : p.label);
        break;
      case 'relative': {
        const event = due.event ? template.events.find((e) => e.id === due.event)! : undefined;
        const recorded = event ? facts.eventDates?.[event.id] : facts.submittedOn?.[due.afterDeliverable!];
        const timing: Timing = recorded
          ? dated(afterTerm(parseIsoDate(recorded.slice(0, 10)), relativeTerm(due)), def)
          : {
              state: 'waiting',
              waitingFor: event
                ? { kind: 'event', id: event.id, title: event.title }
                : {
                    kind: 'deliverable',
                    id: due.afterDeliverable!,
                    title: template.deliverables.find((d) => d.id === due.afterDeliverable)!.title,
                  },
            };
        const answered = due.afterDeliverable ? template.deliverables.find((d) => d.id === due.afterDeliverable) : undefined;
        out.push({ ...base, instanceId: def.id, timing, ...(answered ? { answers: { instanceId: answered.id, title: answered.title } } : {}) });
        break;
      }
      case 'meeting': {
        const { term, before } = meetingTerm(due);
        const plannedBy = meetingsPlannedBy(template, year);
        for (const meeting of template.meetings.filter((m) => m.series === due.series)) {
          const date = facts.meetingDates?.[meeting.id];
          const window = { from: md(year, meeting.window.from), to: md(year, meeting.window.to) };
          const day = date ? parseIsoDate(date.slice(0, 10)) : undefined;
          const timing: Timing = day
            ? dated(before ? beforeMeeting(day, term, plannedBy) : afterTerm(day, term), def)
            : { state: 'waiting', waitingFor: { kind: 'meeting', id: meeting.id, title: meeting.title } };
          out.push({
            ...base,
            instanceId: `${def.id}-${meeting.id}`,
            title: `${def.title}: ${meeting.title}`,
            timing,
            meeting: { id: meeting.id, title: meeting.title, ...(date ? { date } : {}), window },
          });
        }
        break;
      }
      case 'open':
        out.push({
          ...base,
          instanceId: def.id,
          timing: { state: 'open-item', window: { from: md(year, due.window.from), to: md(year, due.window.to) }, note: due.note },
        });
        break;
    }
  }
  return out.sort((a, b) => sortKey(a).localeCompare(sortKey(b)) || a.instanceId.localeCompare(b.instanceId));
}

function sortKey(i: PlannedInstance): string {
  if (i.timing.state === 'dated') return `0 ${i.timing.lastDay}`;
  if (i.timing.state === 'waiting') return `1 ${i.meeting?.window.from ?? ''}`;
  return `2 ${i.timing.window.from}`;
}

/** The notices of a dated instance; none for waiting and open items. */
export function slotsOfPlanned(i: Pick<PlannedInstance, 'timing' | 'reminders'>): ReminderSlot[] {
  return i.timing.state === 'dated' ? reminderSlots(parseIsoDate(i.timing.lastDay), i.reminders) : [];
}

/** Warnings, in Dutch, where the planned meetings break the procesafspraken. */
export function planWarnings(template: CycleTemplate, year: number, facts: CycleFacts, today: LocalDate): string[] {
  const warnings: string[] = [];
  const dates = facts.meetingDates ?? {};
  for (const series of template.meetingSeries) {
    const meetings = template.meetings.filter((m) => m.series === series.id);
    const planned = meetings.filter((m) => dates[m.id]?.startsWith(String(year)));
    if (meetings.length < series.minPerYear) {
      warnings.push(`${series.title}: het sjabloon kent ${meetings.length} vergaderingen, de afspraken vragen er minstens ${series.minPerYear} per jaar.`);
    }
    if (planned.length < series.minPerYear) {
      warnings.push(`${series.title}: ${planned.length} van de minstens ${series.minPerYear} vergaderingen in ${year} hebben een datum.`);
    }
  }
  const plannedBy = meetingsPlannedBy(template, year);
  const unplanned = template.meetings.filter((m) => !dates[m.id]);
  if (unplanned.length > 0 && isoDate(today) > isoDate(plannedBy)) {
    warnings.push(
      `De vergaderingen van ${year} hadden uiterlijk ${isoDate(plannedBy)} ingepland moeten zijn; nog zonder datum: ${unplanned.map((m) => m.title).join(', ')}.`,
    );
  }
  return warnings;
}
