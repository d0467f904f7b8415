import type { ReminderPolicy } from './deliverable.js';
import { nearestWorkingDay } from './holidays.js';
import { addDays, instantAt, isoDate, type LocalDate } from './time.js';

export type SlotKind = 'reminder' | 'due-today' | 'overdue';

/** One moment at which the deliverable's party (and for overdue notices the coordinator) is mailed. */
export interface ReminderSlot {
  /** Stable id, used as the claim key: `reminder-28d`, `due-today`, `overdue-1`. */
  id: string;
  kind: SlotKind;
  at: Date;
  daysBefore?: number;
  overdueNumber?: number;
  /** Overdue notices also escalate to the coordinator. */
  escalate: boolean;
}

/**
 * The days the reminders go out, latest reminder last. With `previous-working-day` a reminder on a
 * non-working day moves to the working day before; two that land on one day are sent once (the
 * one closest to the deadline keeps its id). Instances stored before the policy existed have none:
 * as-is.
 */
function reminderDays(lastDay: LocalDate, policy: ReminderPolicy): { n: number; day: LocalDate }[] {
  const days = [...new Set(policy.daysBefore)].sort((a, b) => b - a).map((n) => ({ n, day: addDays(lastDay, -n) }));
  if (policy.onNonWorkingDay !== 'previous-working-day') return days;
  const moved = days.map(({ n, day }) => ({ n, day: nearestWorkingDay(day, -1) }));
  return moved.filter((r, i) => i === moved.length - 1 || isoDate(r.day) !== isoDate(moved[i + 1]!.day));
}

/** Every notice of one deliverable instance, sorted by time. Pure: the same input gives the same plan. */
export function reminderSlots(lastDay: LocalDate, policy: ReminderPolicy): ReminderSlot[] {
  const slots: ReminderSlot[] = reminderDays(lastDay, policy).map(({ n, day }) => ({
    id: `reminder-${n}d`,
    kind: 'reminder',
    at: instantAt(day, policy.at),
    daysBefore: n,
    escalate: false,
  }));
  slots.push({ id: 'due-today', kind: 'due-today', at: instantAt(lastDay, policy.at), escalate: false });
  for (let i = 1; i <= policy.maxEscalations; i++) {
    slots.push({
      id: `overdue-${i}`,
      kind: 'overdue',
      at: instantAt(addDays(lastDay, 1 + (i - 1) * policy.escalateEveryDays), policy.at),
      overdueNumber: i,
      escalate: true,
    });
  }
  return slots;
}

export type NextAction =
  | { action: 'done'; reason: 'submitted' | 'waived' | 'all-notices-sent' | 'superseded' }
  | { action: 'notify'; slotId: string; wakeAt: string };

export interface PlanInput {
  slots: ReminderSlot[];
  handledSlotIds: ReadonlySet<string>;
  closed: 'submitted' | 'waived' | undefined;
  now: Date;
}

/**
 * The notices still to send, in order, each with its moment (now for one already due). A slot whose
 * time has passed is acted on only while no later slot is due too: a cycle opened late sends the
 * most recent notice, not every missed one at once (that one carries the others).
 */
export function remainingNotices(input: PlanInput): Extract<NextAction, { action: 'notify' }>[] {
  if (input.closed) return [];
  const { slots, handledSlotIds, now } = input;
  const pastCount = slots.filter((s) => s.at.getTime() <= now.getTime()).length;
  return slots
    .slice(Math.max(0, pastCount - 1))
    .filter((s) => !handledSlotIds.has(s.id))
    .map((s) => ({ action: 'notify', slotId: s.id, wakeAt: (s.at.getTime() <= now.getTime() ? now : s.at).toISOString() }));
}

/** The instance's next notice (the first of remainingNotices), or why there is none. */
export function nextAction(input: PlanInput): NextAction {
  if (input.closed) return { action: 'done', reason: input.closed };
  return remainingNotices(input)[0] ?? { action: 'done', reason: 'all-notices-sent' };
}
