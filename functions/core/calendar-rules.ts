import { DateTime } from 'luxon';
import { addWorkingDays } from './holidays.js';
import type { CycleTemplate, TemplateDeliverable } from './template.js';
import { addDays, addMonths, dutchMonths, isoDate, lastDayOfMonth, localDate, ZONE, type LocalDate } from './time.js';

/** How the timing rules count: days, working days (Atw) or calendar months. */
export interface Term {
  unit: 'days' | 'workingDays' | 'months';
  n: number;
}

type Due<R extends TemplateDeliverable['due']['rule']> = Extract<TemplateDeliverable['due'], { rule: R }>;

const term = (unit: Term['unit'], n: number | undefined): Term | undefined => (n === undefined ? undefined : { unit, n });

/** "14 dagen", "10 werkdagen", "1 maand", "3 maanden". */
export function termText(t: Term): string {
  const words = { days: ['dag', 'dagen'], workingDays: ['werkdag', 'werkdagen'], months: ['maand', 'maanden'] }[t.unit];
  return `${t.n} ${t.n === 1 ? words[0] : words[1]}`;
}

/** The day a term after `d` ends on (before it with `direction` −1). */
export function afterTerm(d: LocalDate, t: Term, direction: 1 | -1 = 1): LocalDate {
  if (t.unit === 'workingDays') return addWorkingDays(d, direction * t.n);
  return t.unit === 'months' ? addMonths(d, direction * t.n) : addDays(d, direction * t.n);
}

/** The term of a relative rule. A template stored before working days and months existed has `days`. */
export function relativeTerm(due: Due<'relative'>): Term {
  return term('workingDays', due.workingDays) ?? term('months', due.months) ?? { unit: 'days', n: due.days ?? 0 };
}

/** The term after a period's end (recurring, repeat). */
export function afterEndTerm(due: { daysAfterEnd?: number; workingDaysAfterEnd?: number; monthsAfterEnd?: number }): Term {
  return term('workingDays', due.workingDaysAfterEnd) ?? term('months', due.monthsAfterEnd) ?? { unit: 'days', n: due.daysAfterEnd ?? 0 };
}

/** The term of a meeting rule, and whether it runs back from the meeting. */
export function meetingTerm(due: Due<'meeting'>): { term: Term; before: boolean } {
  const before = term('days', due.daysBefore) ?? term('workingDays', due.workingDaysBefore);
  if (before) return { term: before, before: true };
  return { term: term('workingDays', due.workingDaysAfter) ?? { unit: 'days', n: due.daysAfter ?? 0 }, before: false };
}

/** The day next year's meetings must be planned by: 31 December of the year before, by default. */
export function meetingsPlannedBy(template: Pick<CycleTemplate, 'meetingsPlannedBy'>, year: number): LocalDate {
  return localDate(year - 1, template.meetingsPlannedBy.month, template.meetingsPlannedBy.day);
}

/**
 * The last day of a deliverable due some time before a meeting. An agenda "7 dagen voor de
 * vergadering" of a meeting on 4 January would be due on 28 December, before the meetings are
 * planned ("in december"), and a meeting dated late could put it before the day it got its date.
 * So it is never due before the planning deadline (meetingsPlannedBy of the year before), and never
 * after the meeting itself. A meeting dated later than that deadline is flagged by the plan checks.
 */
export function beforeMeeting(meeting: LocalDate, t: Term, plannedBy: LocalDate): LocalDate {
  const wanted = afterTerm(meeting, t, -1);
  const floor = isoDate(wanted) < isoDate(plannedBy) ? plannedBy : wanted;
  return isoDate(floor) > isoDate(meeting) ? meeting : floor;
}

export interface Period {
  id: string;
  label: string;
  from: LocalDate;
  to: LocalDate;
}

/** The periods of a template's division of the year (kwartalen, halfjaren). */
export function periodsOf(template: CycleTemplate, periodId: string, year: number): Period[] {
  const period = template.periods.find((p) => p.id === periodId)!;
  return period.startMonths.map((m, i) => {
    const from = localDate(year, m, 1);
    const next = period.startMonths[i + 1];
    const to = next ? addDays(localDate(year, next, 1), -1) : localDate(year, 12, 31);
    return { id: `${period.id}-${i + 1}`, label: period.labels?.[i] ?? `${period.title} ${i + 1}`, from, to };
  });
}

const weekdays = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];

/**
 * The months or ISO weeks of a repeat rule in a cycle year, every `interval`-th from the first:
 * ids `maand-1` … `maand-12`, `week-1` … `week-52` (or 53), labels "januari 2027" and "week 14"
 * ("januari–februari 2027", "week 1–2" for longer intervals). Weeks are those of the ISO week-year,
 * so week 1 may start in December and week 53 end in January.
 */
export function repeatPeriods(due: Due<'repeat'>, year: number): Period[] {
  const out: Period[] = [];
  if (due.every === 'month') {
    for (let m = 1; m <= 12; m += due.interval) {
      const last = Math.min(12, m + due.interval - 1);
      const months = last === m ? dutchMonths[m - 1] : `${dutchMonths[m - 1]}–${dutchMonths[last - 1]}`;
      out.push({ id: `maand-${m}`, label: `${months} ${year}`, from: localDate(year, m, 1), to: lastDayOfMonth(year, last) });
    }
    return out;
  }
  const weeks = DateTime.fromObject({ weekYear: year, weekNumber: 1 }, { zone: ZONE }).weeksInWeekYear;
  for (let w = 1; w <= weeks; w += due.interval) {
    const last = Math.min(weeks, w + due.interval - 1);
    const monday = DateTime.fromObject({ weekYear: year, weekNumber: w, weekday: 1 }, { zone: ZONE });
    const sunday = DateTime.fromObject({ weekYear: year, weekNumber: last, weekday: 7 }, { zone: ZONE });
    const local = (dt: DateTime) => ({ year: dt.year, month: dt.month, day: dt.day });
    out.push({ id: `week-${w}`, label: last === w ? `week ${w}` : `week ${w}–${last}`, from: local(monday), to: local(sunday) });
  }
  return out;
}

/** The last day of one period of a repeat rule: its day or weekday in the period's first month or week, or a term after it ends. */
export function repeatLastDay(due: Due<'repeat'>, period: Period): LocalDate {
  if (due.day !== undefined) return due.day === 'last' ? lastDayOfMonth(period.from.year, period.from.month) : localDate(period.from.year, period.from.month, due.day);
  if (due.weekday !== undefined) return addDays(period.from, weekdays.indexOf(due.weekday));
  return afterTerm(period.to, afterEndTerm(due));
}

/** "elke maand op de 15e", "om de 2 weken op vrijdag", "10 werkdagen na het einde van elke maand". */
export function repeatText(due: Due<'repeat'>): string {
  const unit = due.every === 'month' ? ['maand', 'maanden'] : ['week', 'weken'];
  const each = due.interval === 1 ? `elke ${unit[0]}` : `om de ${due.interval} ${unit[1]}`;
  if (due.day !== undefined) return `${each} op ${due.day === 'last' ? 'de laatste dag' : `de ${due.day}e`}`;
  if (due.weekday !== undefined) return `${each} op ${due.weekday}`;
  const period = due.interval === 1 ? each : `elke periode van ${due.interval} ${unit[1]}`;
  const t = afterEndTerm(due);
  return t.n === 0 ? `op de laatste dag van ${period}` : `${termText(t)} na het einde van ${period}`;
}
