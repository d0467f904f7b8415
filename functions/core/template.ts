import { z } from 'zod';
import { remindersSchema } from './deliverable.js';
import { expandTemplate } from './template-expand.js';
import { checkRules, yearlyDayProblem } from './template-rules.js';

/**
 * The cycle template: who the parties are and every deliverable of the year with its timing rule,
 * each traced to the clause it comes from. Written in YAML under `workflows/cycles/`, validated here.
 */

/**
 * Every object in a template is built with `obj`: it refuses unknown keys, so a typo
 * (`businesDays:`) is an error with a suggestion instead of a rule silently dropped.
 */
export const obj = z.strictObject;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'moet bestaan uit kleine letters, cijfers en streepjes (hoogstens 60)');
const month = z.number({ error: 'moet een getal zijn' }).int('moet een geheel getal zijn').min(1, 'moet 1-12 zijn').max(12, 'moet 1-12 zijn');
const day = z.number({ error: 'moet een getal zijn' }).int('moet een geheel getal zijn').min(1, 'moet 1-31 zijn').max(31, 'moet 1-31 zijn');
const days = z.number({ error: 'moet een aantal dagen zijn' }).int('moet een geheel aantal dagen zijn').min(0, 'mag niet negatief zijn').max(366, 'hoogstens 366');
const workingDays = z.number({ error: 'moet een aantal werkdagen zijn' }).int('moet een geheel aantal werkdagen zijn').min(1, 'minstens 1').max(260, 'hoogstens 260');
const months = z.number({ error: 'moet een aantal maanden zijn' }).int('moet een geheel aantal maanden zijn').min(1, 'minstens 1').max(24, 'hoogstens 24');
/** A day of the month, or `last`: "uiterlijk eind februari" is 28 or 29 February, whatever the year. */
const dayOfMonth = z.union([day, z.literal('last')], { error: 'moet een dag 1-31 zijn, of last voor de laatste dag van de maand' });

/** A day of every year (a window, a planning date): 29 February is refused, see `yearlyDayProblem`. */
export const monthDaySchema = obj({ month, day }).superRefine((d, ctx) => {
  const problem = yearlyDayProblem(d.month, d.day);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.replace('schrijf day: last', 'kies 28'), path: ['day'] });
});

export const clauseRefSchema = obj({
  /** The source agreement: a file name (without .txt) under workflows/cycles/sources/. */
  agreement: z.string().min(3),
  /** The clause number ("48", "1.14") or, for unnumbered text, its heading ("procesafspraken"). */
  clause: z.string().min(1),
  /** The number as it stands in an OCR'd source when it is garbled there (clause 3.11 printed "3.1"). */
  sourceLabel: z.string().min(1).optional(),
  /** Words from the clause, as they stand in the source: a test finds them there. */
  quote: z.string().min(8, 'citeer minstens 8 tekens uit de bron'),
});

export const partySchema = obj({
  id,
  name: z.string().min(2),
  role: z.enum(['gemeente', 'corporatie', 'huurdersorganisatie']),
  /** How titles name the party where a per-party deliverable writes {partij}, e.g. "WSL". @default name */
  shortName: z.string().min(1).optional(),
});

/**
 * `{ role: corporatie }`: each party of that role, one instance (or event) apiece, id `<id>-<party>`
 * ("elke corporatie brengt een bod uit"); `{ role: all }`: every party ("partijen sturen elkaar …").
 */
const eachOfRole = obj({ role: z.enum(['gemeente', 'corporatie', 'huurdersorganisatie', 'all'], { error: 'moet gemeente, corporatie, huurdersorganisatie of all zijn' }) });

/** A division of the year, e.g. kwartalen (startMonths 1, 4, 7, 10) or halfjaren (1, 7). */
export const periodSchema = obj({
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

export const eventSchema = obj({
  id,
  title: z.string().min(3),
  /** Which party records the date (the coordinator may too); `{ role: all }`: each party its own (its jaarverslag). */
  recordedBy: z.union([id, eachOfRole]),
  clauses: z.array(clauseRefSchema).default([]),
});

export const meetingSeriesSchema = obj({
  id,
  title: z.string().min(3),
  organiser: id,
  /** The procesafspraken require at least this many a year; opening a cycle warns when fewer are planned. */
  minPerYear: z.number().int().min(0).max(52),
  /** This many meetings a year, `<id>-1` … `<id>-N`, each in an equal share of the year, instead of listing them under meetings. */
  perYear: z.number().int().min(1).max(52).optional(),
  clauses: z.array(clauseRefSchema).min(1),
});

export const meetingSchema = obj({
  id,
  title: z.string().min(3),
  series: id,
  /** When in the year it should take place; the coordinator sets the date. */
  window: obj({ from: monthDaySchema, to: monthDaySchema }),
});

const inclusive = z.boolean({ error: 'zeg met true of false of de datum zelf nog op tijd is' });

export const dueSchema = z.discriminatedUnion(
  'rule',
  [
    obj({
      rule: z.literal('fixed'),
      month,
      day: dayOfMonth,
      /** "vóór 1 maart" is exclusive (last day 28/29 February); "uiterlijk 1 juli" inclusive. */
      inclusive,
      /**
       * The year the date falls in, relative to the cycle year (the advice request for Y is due in Y-1).
       * Kept to −1..1: a duty two years off belongs to another cycle year (give it `years` there).
       */
      yearOffset: z.number().int().min(-1).max(1).default(0),
    }),
    obj({
      rule: z.literal('recurring'),
      period: id,
      /** Days after the period's last day; 0 means on the last day itself. */
      daysAfterEnd: days.optional(),
      /** Or working days after it ("binnen 10 werkdagen na afloop van het kwartaal"). */
      workingDaysAfterEnd: workingDays.optional(),
      /** Or calendar months after it ("binnen drie maanden na afloop van het jaar"). */
      monthsAfterEnd: months.optional(),
    }),
    obj({
      rule: z.literal('relative'),
      /** An event whose date someone records, e.g. the adoption of the jaarverslag. */
      event: id.optional(),
      /** Or the submission of another deliverable. */
      afterDeliverable: id.optional(),
      /** Days after the event; the day of the event plus `days` is the last day. */
      days: days.optional(),
      /** Or working days: "binnen 10 werkdagen na …" skips Saturdays, Sundays and Atw holidays. */
      workingDays: workingDays.optional(),
      /** Or calendar months: "binnen een maand na 31 januari" ends on 28 or 29 February. */
      months: months.optional(),
    }),
    obj({
      rule: z.literal('meeting'),
      /** One instance per meeting of this series. */
      series: id,
      /** Before: never before meetingsPlannedBy of the year before, nor after the meeting (see beforeMeeting). */
      daysBefore: days.optional(),
      daysAfter: days.optional(),
      workingDaysBefore: workingDays.optional(),
      workingDaysAfter: workingDays.optional(),
    }),
    obj({
      rule: z.literal('sign-off'),
      /** Every party that must sign; complete when all have. */
      signers: z.array(id).min(1),
      month,
      day: dayOfMonth,
      inclusive,
      yearOffset: z.number().int().min(-1).max(1).default(0),
    }),
    obj({
      rule: z.literal('repeat'),
      /** `month`: one instance a month, "januari 2027"; `week`: one an ISO week, "week 14". */
      every: z.enum(['week', 'month'], { error: 'moet week of month zijn' }),
      /** Every so many weeks or months, from the first of the year (2: "om de week"). @default 1 */
      interval: z.number().int().min(1).max(26).default(1),
      /** Monthly: due on this day of the month (1-28, or last). */
      day: dayOfMonth.optional(),
      /** Weekly: due on this day of the week. */
      weekday: z.enum(['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag']).optional(),
      /** Or days or working days after each month or week ends. */
      daysAfterEnd: days.optional(),
      workingDaysAfterEnd: workingDays.optional(),
    }),
    obj({
      rule: z.literal('open'),
      /** A target window only: no deadline, no reminders. */
      window: obj({ from: monthDaySchema, to: monthDaySchema }),
      /** What the agreement says about timing, e.g. "medio 2026", "tijdig", "periodiek". */
      note: z.string().min(2),
    }),
  ],
  { error: 'rule moet fixed, recurring, relative, meeting, sign-off, repeat of open zijn' },
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

export const templateDeliverableSchema = obj({
  id,
  title: z.string().min(3),
  description: z.string().min(3),
  clauses: z.array(clauseRefSchema).min(1, 'elke levering verwijst naar minstens één afspraak'),
  kind: z.enum(deliverableKinds),
  /** The party that must deliver (for a sign-off: the party that coordinates the signing), or `{ role: … }`: each party of it. */
  responsible: z.union([id, eachOfRole]),
  /** Parties told when it comes in; `all-others`: every party but the one delivering ("partijen sturen elkaar"). */
  inform: z.union([z.array(id), z.literal('all-others')]).default([]),
  due: dueSchema,
  reminders: obj(remindersSchema.shape).default(remindersSchema.parse({})),
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
  progressItems: z.array(obj({ ref: z.string().regex(/^[0-9A-Za-z.-]{1,12}$/), title: z.string().min(3) })).optional(),
});

/** The template as written, checked; `templateSchema` expands it. */
export const templateSourceSchema = obj({
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
    t.meetingSeries.forEach((s, i) => party(['meetingSeries', i, 'organiser'], s.organiser));
    const series = new Set(t.meetingSeries.map((s) => s.id));
    t.meetings.forEach((m, i) => {
      if (!series.has(m.series)) issue(['meetings', i, 'series'], `onbekende vergaderreeks "${m.series}"`);
    });
    t.periods.forEach((p, i) => {
      if (p.labels && p.labels.length !== p.startMonths.length) issue(['periods', i, 'labels'], 'één label per periode');
    });
    checkRules(t, issue, party);
  });

/** A template as written, checked, before expansion. */
export type TemplateSource = z.output<typeof templateSourceSchema>;

/** Written out per party and per meeting after the checks, so every problem points at the YAML as written. */
export const templateSchema = templateSourceSchema.transform(expandTemplate);
/** A template as the planner, store and dashboard see it: every per-party item and meeting written out. */
export type CycleTemplate = z.output<typeof templateSchema>;
export type TemplateDeliverable = CycleTemplate['deliverables'][number];
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
