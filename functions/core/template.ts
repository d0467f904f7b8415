import { z } from 'zod';
import { remindersSchema } from './deliverable.js';

/**
 * The cycle template: who the parties are and every deliverable of the year with its timing rule,
 * each traced to the clause it comes from. Written in YAML under `workflows/cycles/`, validated here.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'moet bestaan uit kleine letters, cijfers en streepjes (hoogstens 60)');
const month = z.number({ error: 'moet een getal zijn' }).int('moet een geheel getal zijn').min(1, 'moet 1-12 zijn').max(12, 'moet 1-12 zijn');
const day = z.number({ error: 'moet een getal zijn' }).int('moet een geheel getal zijn').min(1, 'moet 1-31 zijn').max(31, 'moet 1-31 zijn');
const days = z.number({ error: 'moet een aantal dagen zijn' }).int('moet een geheel aantal dagen zijn').min(0, 'mag niet negatief zijn').max(366, 'hoogstens 366');
const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const monthDaySchema = z
  .object({ month, day })
  .refine((d) => d.day <= daysInMonth[d.month - 1]!, { message: 'die dag bestaat niet in die maand', path: ['day'] });

export const clauseRefSchema = z.object({
  /** The source agreement: a file name (without .txt) under workflows/cycles/sources/. */
  agreement: z.string().min(3),
  /** The clause number ("48", "1.14") or, for unnumbered text, its heading ("procesafspraken"). */
  clause: z.string().min(1),
  /** The number as it stands in an OCR'd source when it is garbled there (clause 3.11 printed "3.1"). */
  sourceLabel: z.string().min(1).optional(),
  /** Words from the clause, as they stand in the source: a test finds them there. */
  quote: z.string().min(8, 'citeer minstens 8 tekens uit de bron'),
});

export const partySchema = z.object({
  id,
  name: z.string().min(2),
  role: z.enum(['gemeente', 'corporatie', 'huurdersorganisatie']),
});

/** A division of the year, e.g. kwartalen (startMonths 1, 4, 7, 10) or halfjaren (1, 7). */
export const periodSchema = z.object({
  id,
  title: z.string().min(2),
  /** The month each period starts in; a period ends the day before the next one starts. */
  startMonths: z
    .array(month)
    .min(1)
    .refine((ms) => ms.every((m, i) => i === 0 || m > ms[i - 1]!), 'maanden moeten oplopen')
    .refine((ms) => ms[0] === 1, 'de eerste periode begint in januari'),
  /** Short label per period, e.g. ["K1", "K2", "K3", "K4"]. */
  labels: z.array(z.string().min(1)).optional(),
});

export const eventSchema = z.object({
  id,
  title: z.string().min(3),
  /** Which party records the date (the coordinator may too). */
  recordedBy: id,
  clauses: z.array(clauseRefSchema).default([]),
});

export const meetingSeriesSchema = z.object({
  id,
  title: z.string().min(3),
  organiser: id,
  /** The procesafspraken require at least this many a year; opening a cycle warns when fewer are planned. */
  minPerYear: z.number().int().min(0).max(52),
  clauses: z.array(clauseRefSchema).min(1),
});

export const meetingSchema = z.object({
  id,
  title: z.string().min(3),
  series: id,
  /** When in the year it should take place; the coordinator sets the date. */
  window: z.object({ from: monthDaySchema, to: monthDaySchema }),
});

const inclusive = z.boolean({ error: 'zeg met true of false of de datum zelf nog op tijd is' });

export const dueSchema = z.discriminatedUnion(
  'rule',
  [
    z.object({
      rule: z.literal('fixed'),
      month,
      day,
      /** "vóór 1 maart" is exclusive (last day 28/29 February); "uiterlijk 1 juli" inclusive. */
      inclusive,
      /** The year the date falls in, relative to the cycle year (the advice request for Y is due in Y-1). */
      yearOffset: z.number().int().min(-1).max(1).default(0),
    }),
    z.object({
      rule: z.literal('recurring'),
      period: id,
      /** Days after the period's last day; 0 means on the last day itself. */
      daysAfterEnd: days,
    }),
    z.object({
      rule: z.literal('relative'),
      /** An event whose date someone records, e.g. the adoption of the jaarverslag. */
      event: id.optional(),
      /** Or the submission of another deliverable. */
      afterDeliverable: id.optional(),
      /** Days after the event; the day of the event plus `days` is the last day. */
      days,
    }),
    z.object({
      rule: z.literal('meeting'),
      /** One instance per meeting of this series. */
      series: id,
      daysBefore: days.optional(),
      daysAfter: days.optional(),
    }),
    z.object({
      rule: z.literal('sign-off'),
      /** Every party that must sign; complete when all have. */
      signers: z.array(id).min(1),
      month,
      day,
      inclusive,
      yearOffset: z.number().int().min(-1).max(1).default(0),
    }),
    z.object({
      rule: z.literal('open'),
      /** A target window only: no deadline, no reminders. */
      window: z.object({ from: monthDaySchema, to: monthDaySchema }),
      /** What the agreement says about timing, e.g. "medio 2026", "tijdig", "periodiek". */
      note: z.string().min(2),
    }),
  ],
  { error: 'rule moet fixed, recurring, relative, meeting, sign-off of open zijn' },
);

export const deliverableKinds = [
  'advice',
  'document',
  'progress-report',
  'sign-off',
  'notification',
  'meeting-agenda',
  'meeting-minutes',
] as const;

export const templateDeliverableSchema = z.object({
  id,
  title: z.string().min(3),
  description: z.string().min(3),
  clauses: z.array(clauseRefSchema).min(1, 'elke levering verwijst naar minstens één afspraak'),
  kind: z.enum(deliverableKinds),
  /** The party that must deliver (for a sign-off: the party that coordinates the signing). */
  responsible: id,
  /** Parties told when it comes in. */
  inform: z.array(id).default([]),
  due: dueSchema,
  reminders: remindersSchema.default(remindersSchema.parse({})),
  /**
   * `next-working-day` moves a deadline on a Saturday, Sunday or Atw holiday to the next working
   * day. The Algemene termijnenwet covers statutory terms only, so contractual dates keep `none`.
   */
  businessDays: z.enum(['none', 'next-working-day']).default('none'),
  /** Whether a submission after the deadline is still accepted (marked te laat). @default true */
  lateAllowed: z.boolean().default(true),
  /** Only in these cycle years (a dated item of one year). */
  years: z.array(z.number().int().min(2000).max(2200)).optional(),
  /** For a progress report: the prestatieafspraken to report on, one row each. */
  progressItems: z.array(z.object({ ref: z.string().regex(/^[0-9A-Za-z.-]{1,12}$/), title: z.string().min(3) })).optional(),
});

export const templateSchema = z
  .object({
    id,
    title: z.string().min(3),
    /** The tenant (municipality) this template is for. */
    tenant: id,
    /** The cycle years the agreement covers. */
    validFrom: z.number().int().min(2000).max(2200),
    validTo: z.number().int().min(2000).max(2200),
    /** The party whose coordinator steers the cycle and receives escalations. */
    coordinatorParty: id,
    parties: z.array(partySchema).min(2),
    periods: z.array(periodSchema).default([]),
    events: z.array(eventSchema).default([]),
    meetingSeries: z.array(meetingSeriesSchema).default([]),
    meetings: z.array(meetingSchema).default([]),
    /** Next year's meetings must be planned by this day (procesafspraken: "in december"). */
    meetingsPlannedBy: monthDaySchema.default({ month: 12, day: 31 }),
    deliverables: z.array(templateDeliverableSchema).min(1),
  })
  .superRefine((t, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const unique = (items: { id: string }[], key: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (seen.has(item.id)) issue([key, i, 'id'], `"${item.id}" komt twee keer voor`);
        seen.add(item.id);
      });
    };
    unique(t.parties, 'parties');
    unique(t.periods, 'periods');
    unique(t.events, 'events');
    unique(t.meetingSeries, 'meetingSeries');
    unique(t.meetings, 'meetings');
    unique(t.deliverables, 'deliverables');
    if (t.validTo < t.validFrom) issue(['validTo'], 'mag niet voor validFrom liggen');
    const parties = new Set(t.parties.map((p) => p.id));
    const party = (path: (string | number)[], pid: string) => {
      if (!parties.has(pid)) issue(path, `onbekende partij "${pid}"`);
    };
    party(['coordinatorParty'], t.coordinatorParty);
    t.events.forEach((e, i) => party(['events', i, 'recordedBy'], e.recordedBy));
    t.meetingSeries.forEach((s, i) => party(['meetingSeries', i, 'organiser'], s.organiser));
    const series = new Set(t.meetingSeries.map((s) => s.id));
    t.meetings.forEach((m, i) => {
      if (!series.has(m.series)) issue(['meetings', i, 'series'], `onbekende vergaderreeks "${m.series}"`);
    });
    t.periods.forEach((p, i) => {
      if (p.labels && p.labels.length !== p.startMonths.length) issue(['periods', i, 'labels'], 'één label per periode');
    });
    const periods = new Set(t.periods.map((p) => p.id));
    const events = new Set(t.events.map((e) => e.id));
    const deliverables = new Set(t.deliverables.map((d) => d.id));
    t.deliverables.forEach((d, i) => {
      const at = (...rest: (string | number)[]) => ['deliverables', i, ...rest];
      party(at('responsible'), d.responsible);
      d.inform.forEach((p, j) => party(at('inform', j), p));
      const due = d.due;
      if (due.rule === 'fixed' || due.rule === 'sign-off') {
        if (due.day > daysInMonth[due.month - 1]!) issue(at('due', 'day'), 'die dag bestaat niet in die maand');
      }
      if (due.rule === 'sign-off') due.signers.forEach((s, j) => party(at('due', 'signers', j), s));
      if (due.rule === 'recurring' && !periods.has(due.period)) issue(at('due', 'period'), `onbekende periode "${due.period}"`);
      if (due.rule === 'relative') {
        if ((due.event === undefined) === (due.afterDeliverable === undefined)) {
          issue(at('due'), 'geef precies één van event en afterDeliverable');
        }
        if (due.event !== undefined && !events.has(due.event)) issue(at('due', 'event'), `onbekende gebeurtenis "${due.event}"`);
        if (due.afterDeliverable !== undefined) {
          if (!deliverables.has(due.afterDeliverable)) issue(at('due', 'afterDeliverable'), `onbekende levering "${due.afterDeliverable}"`);
          if (due.afterDeliverable === d.id) issue(at('due', 'afterDeliverable'), 'een levering kan niet op zichzelf volgen');
        }
      }
      if (due.rule === 'meeting') {
        if (!series.has(due.series)) issue(at('due', 'series'), `onbekende vergaderreeks "${due.series}"`);
        if ((due.daysBefore === undefined) === (due.daysAfter === undefined)) issue(at('due'), 'geef precies één van daysBefore en daysAfter');
      }
    });
  });

export type CycleTemplate = z.infer<typeof templateSchema>;
export type TemplateDeliverable = z.infer<typeof templateDeliverableSchema>;
export type DeliverableKind = (typeof deliverableKinds)[number];

/** `deliverables[3].due.month` */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

/** Why a template cannot plan a cycle year, in Dutch (it covers only its validity years); undefined when it can. */
export function yearOutsideTemplate(template: Pick<CycleTemplate, 'id' | 'validFrom' | 'validTo'>, year: number): string | undefined {
  if (year >= template.validFrom && year <= template.validTo) return undefined;
  return `Sjabloon ${template.id} geldt voor ${template.validFrom} tot en met ${template.validTo}, niet voor ${year}.`;
}
