import { z } from 'zod';
import { addDays, instantAt, localDate, type LocalDate, type TimeOfDay } from './time.js';

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
});

export type ReminderPolicy = z.infer<typeof remindersSchema>;

/** A yearly date as the agreements write it: "vóór 1 maart" (exclusive) or "uiterlijk 1 juli" (inclusive). */
export interface YearlyDate {
  month: number;
  day: number;
  inclusive: boolean;
  /** The year the date falls in, relative to the cycle year. */
  yearOffset: number;
}

/** The last day on which the deliverable is on time, for a cycle year. */
export function lastValidDay(due: YearlyDate, cycleYear: number): LocalDate {
  const date = localDate(cycleYear + due.yearOffset, due.month, due.day);
  return due.inclusive ? date : addDays(date, -1);
}

/** The first instant at which a submission is late: midnight after the last valid day, in Amsterdam. */
export function lateFrom(lastDay: LocalDate): Date {
  return instantAt(addDays(lastDay, 1), '00:00');
}
