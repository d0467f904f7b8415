import { lastValidDay, lateFrom, type DeliverableDefinition } from './deliverable.js';
import type { DeliverableInstance, NoticeClaim } from './model.js';
import { reminderSlots, type ReminderSlot } from './reminder-plan.js';
import { dutchDate, isoDate, parseIsoDate } from './time.js';

/** The instance of a deliverable for one cycle year, with its dates fixed when the cycle opens. */
export function newInstance(def: DeliverableDefinition, tenantId: string, year: number, now: Date): DeliverableInstance {
  const lastDay = lastValidDay(def, year);
  return {
    tenantId,
    year,
    instanceId: def.id,
    definition: def,
    lastDay: isoDate(lastDay),
    lateFrom: lateFrom(lastDay).toISOString(),
    reminders: def.reminders,
    status: 'open',
    submissionCount: 0,
    openedAt: now.toISOString(),
  };
}

export function slotsOf(instance: DeliverableInstance): ReminderSlot[] {
  return reminderSlots(parseIsoDate(instance.lastDay), instance.reminders);
}

export function dueText(instance: DeliverableInstance): string {
  return dutchDate(parseIsoDate(instance.lastDay));
}

/** A slot counts as handled once any recipient's notice for it was claimed. */
export function handledSlotIds(notices: NoticeClaim[]): Set<string> {
  return new Set(notices.map((n) => n.slotId));
}

export function closedReason(instance: DeliverableInstance): 'submitted' | 'waived' | undefined {
  if (instance.status === 'vrijgesteld') return 'waived';
  if (instance.status === 'ingediend' || instance.status === 'te-laat-ingediend') return 'submitted';
  return undefined;
}

const agreementNames: Record<string, string> = {
  'prestatieafspraken-leusden-2020-2022': 'Prestatieafspraken Leusden 2020-2022',
  'prestatieafspraken-leusden-omthuis-2026': 'Prestatieafspraken Leusden 2026',
};

/** "afspraak 48, Prestatieafspraken Leusden 2020-2022". */
export function clauseText(def: DeliverableDefinition): string {
  return def.clauses.map((c) => `afspraak ${c.clause}, ${agreementNames[c.agreement] ?? c.agreement}`).join('; ');
}
