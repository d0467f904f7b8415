import type { ReminderPolicy } from './deliverable.js';
import { addDays, instantAt, type LocalDate } from './time.js';

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

/** Every notice of one deliverable instance, sorted by time. Pure: the same input gives the same plan. */
export function reminderSlots(lastDay: LocalDate, policy: ReminderPolicy): ReminderSlot[] {
  const days = [...new Set(policy.daysBefore)].sort((a, b) => b - a);
  const slots: ReminderSlot[] = days.map((n) => ({
    id: `reminder-${n}d`,
    kind: 'reminder',
    at: instantAt(addDays(lastDay, -n), policy.at),
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

/**
 * Decides the instance's next notice. A slot whose time has passed is acted on only while no later
 * slot is due too: a cycle opened late sends the most recent notice, not every missed one at once.
 */
export function nextAction(input: {
  slots: ReminderSlot[];
  handledSlotIds: ReadonlySet<string>;
  closed: 'submitted' | 'waived' | undefined;
  now: Date;
}): NextAction {
  if (input.closed) return { action: 'done', reason: input.closed };
  const { slots, handledSlotIds, now } = input;
  const pastCount = slots.filter((s) => s.at.getTime() <= now.getTime()).length;
  const candidates = slots.slice(Math.max(0, pastCount - 1));
  const next = candidates.find((s) => !handledSlotIds.has(s.id));
  if (!next) return { action: 'done', reason: 'all-notices-sent' };
  const wake = next.at.getTime() <= now.getTime() ? now : next.at;
  return { action: 'notify', slotId: next.id, wakeAt: wake.toISOString() };
}
