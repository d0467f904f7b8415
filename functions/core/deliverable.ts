import { z } from 'zod';
import { addDays, instantAt, localDate, type LocalDate, type TimeOfDay } from './time.js';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm') as z.ZodType<TimeOfDay>;

/** A yearly fixed deadline, as "vóór 1 maart" (exclusive) or "uiterlijk 1 juli" (inclusive). */
export const fixedDueSchema = z.object({
  rule: z.literal('fixed'),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  /** "vóór 1 maart" is exclusive: the last valid day is the day before. */
  inclusive: z.boolean(),
  /** Years after the cycle year in which the date falls; the advice request for year Y is due in Y-1. @default 0 */
  yearOffset: z.number().int().min(-1).max(1).default(0),
});

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

export const deliverableDefinitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,60}$/),
  title: z.string().min(3),
  description: z.string().min(3),
  /** Where the obligation comes from; every clause must exist in the seed text. */
  clauses: z.array(z.object({ agreement: z.string(), clause: z.string(), quote: z.string() })).min(1),
  kind: z.literal('advice'),
  responsibleParty: z.string(),
  informParties: z.array(z.string()),
  due: fixedDueSchema,
  reminders: remindersSchema,
});

export type DeliverableDefinition = z.infer<typeof deliverableDefinitionSchema>;
export type ReminderPolicy = z.infer<typeof remindersSchema>;

/** The last day on which the deliverable is on time, for a cycle year. */
export function lastValidDay(def: Pick<DeliverableDefinition, 'due'>, cycleYear: number): LocalDate {
  const { month, day, inclusive, yearOffset } = def.due;
  const date = localDate(cycleYear + yearOffset, month, day);
  return inclusive ? date : addDays(date, -1);
}

/** The first instant at which a submission is late: midnight after the last valid day, in Amsterdam. */
export function lateFrom(lastDay: LocalDate): Date {
  return instantAt(addDays(lastDay, 1), '00:00');
}
