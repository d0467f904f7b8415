import { describe, expect, it } from 'vitest';
import { lastValidDay, lateFrom, remindersSchema } from '../../functions/core/deliverable.js';
import { nextAction, reminderSlots } from '../../functions/core/reminder-plan.js';
import { localDate } from '../../functions/core/time.js';

const defaults = remindersSchema.parse({});
/** Leusden agreement 48: "voor 1 maart". */
const huuradvies = { month: 3, day: 1, inclusive: false, yearOffset: 0 };
const at = (slots: ReturnType<typeof reminderSlots>) => Object.fromEntries(slots.map((s) => [s.id, s.at.toISOString()]));

describe('the huuradvies deadline (L48: "voor 1 maart")', () => {
  it('is exclusive: the last day is the end of February', () => {
    expect(lastValidDay(huuradvies, 2027)).toEqual({ year: 2027, month: 2, day: 28 });
    expect(lateFrom(lastValidDay(huuradvies, 2027)).toISOString()).toBe('2027-02-28T23:00:00.000Z');
  });

  it('moves to 29 February in a leap year, with every reminder counted from it', () => {
    const last = lastValidDay(huuradvies, 2028);
    expect(last).toEqual({ year: 2028, month: 2, day: 29 });
    expect(at(reminderSlots(last, defaults))).toMatchObject({
      'reminder-28d': '2028-02-01T08:00:00.000Z',
      'reminder-1d': '2028-02-28T08:00:00.000Z',
      'due-today': '2028-02-29T08:00:00.000Z',
      'overdue-1': '2028-03-01T08:00:00.000Z',
    });
  });

  it('sends 28, 14, 7 and 1 days before, on the day, then weekly overdue notices, at 09:00 local', () => {
    const slots = reminderSlots(lastValidDay(huuradvies, 2027), defaults);
    expect(slots.map((s) => s.id)).toEqual([
      'reminder-28d', 'reminder-14d', 'reminder-7d', 'reminder-1d', 'due-today',
      'overdue-1', 'overdue-2', 'overdue-3', 'overdue-4',
    ]);
    expect(at(slots)['overdue-4']).toBe('2027-03-22T08:00:00.000Z');
    expect(slots.filter((s) => s.escalate).map((s) => s.id)).toEqual(['overdue-1', 'overdue-2', 'overdue-3', 'overdue-4']);
  });
});

describe('reminders across the daylight-saving changes', () => {
  it('keeps 09:00 local when the spring change falls between reminder and deadline', () => {
    // Last day 5 April 2027 (summer time); reminders of 14 and 7 days before are in winter time.
    const slots = at(reminderSlots(localDate(2027, 4, 5), defaults));
    expect(slots['reminder-14d']).toBe('2027-03-22T08:00:00.000Z');
    expect(slots['reminder-7d']).toBe('2027-03-29T07:00:00.000Z');
    expect(slots['due-today']).toBe('2027-04-05T07:00:00.000Z');
  });

  it('keeps 09:00 local when the autumn change falls between reminder and deadline', () => {
    const slots = at(reminderSlots(localDate(2027, 11, 3), defaults));
    expect(slots['reminder-7d']).toBe('2027-10-27T07:00:00.000Z');
    expect(slots['reminder-1d']).toBe('2027-11-02T08:00:00.000Z');
  });
});

describe('the next action', () => {
  const slots = reminderSlots(localDate(2027, 2, 28), defaults);
  const none = new Set<string>();

  it('waits for the first reminder when the cycle opens early', () => {
    expect(nextAction({ slots, handledSlotIds: none, closed: undefined, now: new Date('2026-12-01T00:00:00Z') })).toEqual({
      action: 'notify',
      slotId: 'reminder-28d',
      wakeAt: '2027-01-31T08:00:00.000Z',
    });
  });

  it('sends only the most recent missed notice when the cycle opens late, not every one at once', () => {
    const now = new Date('2027-02-22T12:00:00Z');
    expect(nextAction({ slots, handledSlotIds: none, closed: undefined, now })).toEqual({
      action: 'notify',
      slotId: 'reminder-7d',
      wakeAt: now.toISOString(),
    });
    expect(nextAction({ slots, handledSlotIds: new Set(['reminder-7d']), closed: undefined, now })).toMatchObject({
      slotId: 'reminder-1d',
      wakeAt: '2027-02-27T08:00:00.000Z',
    });
  });

  it('stops when submitted or waived, and after the last overdue notice', () => {
    const now = new Date('2027-02-01T00:00:00Z');
    expect(nextAction({ slots, handledSlotIds: none, closed: 'submitted', now })).toEqual({ action: 'done', reason: 'submitted' });
    expect(nextAction({ slots, handledSlotIds: none, closed: 'waived', now })).toEqual({ action: 'done', reason: 'waived' });
    const all = new Set(slots.map((s) => s.id));
    expect(nextAction({ slots, handledSlotIds: all, closed: undefined, now: new Date('2027-04-01T00:00:00Z') })).toEqual({
      action: 'done',
      reason: 'all-notices-sent',
    });
  });
});
