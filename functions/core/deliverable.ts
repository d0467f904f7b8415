import { z } from 'zod';
import { addDays, instantAt, lastDayOfMonth, localDate, type LocalDate, type TimeOfDay } from './time.js';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'moet UU:MM zijn, bv. 09:00') as z.ZodType<TimeOfDay>;

export const remindersSchema = z.object({
  /** Days before the last valid day on which a reminder goes out. @default [28, 14, 7, 1] */
  daysBefore: z.array(z.number().int().min(1).max(365)).default([28, 14, 7, 1]),
  /** Local time of day of every notice. @default 09:00 */
  at: timeOfDay.default('09:00'),
  /** Days between overdue notices after the deadline. @default 7 */
  escalateEveryDays: z.number().int().min(1).max(60).default(7),
  /** Overdue notices at most, so a forgotten deliverable does not mail forever. @default 4 */
  maxEscalations: z.number().int().min(0).max(12).default(4),
  /**
   * A reminder that would fall on a Saturday, Sunday or Atw holiday: `previous-working-day` sends
   * it on the working day before (a 1-day reminder before Easter Tuesday goes out on Thursday, not
   * on Tweede Paasdag); `as-is` sends it on the day itself. The deadline notice and the overdue
   * notices keep their day. @default as-is, as before the policy existed
   */
  onNonWorkingDay: z.enum(['as-is', 'previous-working-day'], { error: 'moet as-is of previous-working-day zijn' }).default('as-is'),
});

export type ReminderPolicy = z.infer<typeof remindersSchema>;

/** A yearly date as the agreements write it: "vóór 1 maart" (exclusive) or "uiterlijk 1 juli" (inclusive). */
export interface YearlyDate {
  month: number;
  /** `last`: the month's last day ("uiterlijk eind februari"), whatever the year. */
  day: number | 'last';
  inclusive: boolean;
  /** The year the date falls in, relative to the cycle year. */
  yearOffset: number;
}

/** The last day on which the deliverable is on time, for a cycle year. */
export function lastValidDay(due: YearlyDate, cycleYear: number): LocalDate {
  const year = cycleYear + due.yearOffset;
  const date = due.day === 'last' ? lastDayOfMonth(year, due.month) : localDate(year, due.month, due.day);
  return due.inclusive ? date : addDays(date, -1);
}

/** The first instant at which a submission is late: midnight after the last valid day, in Amsterdam. */
export function lateFrom(lastDay: LocalDate): Date {
  return instantAt(addDays(lastDay, 1), '00:00');
}
