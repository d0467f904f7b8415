import type { PlannedInstance } from './calendar.js';
import { slotsOfPlanned } from './calendar.js';
import type { DeliverableInstance, InstanceRecords } from './model.js';
import type { ReminderSlot } from './reminder-plan.js';
import { dutchDate, parseIsoDate } from './time.js';

/**
 * The stored instance of a planned one, before anything happened to it. It always names its
 * followers (none is `[]`), so a submission knows without the template whether deadlines wait on it;
 * an instance stored before followers were named has none listed and is re-planned as before.
 */
export function newInstance(planned: PlannedInstance, tenantId: string, year: number, now: Date): DeliverableInstance {
  return { ...planned, followers: planned.followers ?? [], tenantId, year, status: 'open', submissionCount: 0, openedAt: now.toISOString(), revision: 0 };
}

/**
 * The instance's notices for its current timing. After a change of timing (revision n > 0) the
 * slot ids carry `r<n>-`, so the new deadline's reminders are claimed afresh.
 */
export function slotsOf(instance: Pick<DeliverableInstance, 'timing' | 'reminders' | 'revision'>): ReminderSlot[] {
  const slots = slotsOfPlanned(instance);
  const revision = instance.revision;
  return revision > 0 ? slots.map((s) => ({ ...s, id: `r${revision}-${s.id}` })) : slots;
}

/** "zondag 28 februari 2027", or undefined while the instance has no deadline. */
export function dueText(instance: Pick<DeliverableInstance, 'timing'>): string | undefined {
  return instance.timing.state === 'dated' ? dutchDate(parseIsoDate(instance.timing.lastDay)) : undefined;
}

/** What an instance without a deadline waits for, or that it has none ("geen harde termijn (medio 2027)"). */
export function undatedText(timing: Exclude<DeliverableInstance['timing'], { state: 'dated' }>): string {
  return timing.state === 'waiting' ? `wacht op ${timing.waitingFor.title}` : `geen harde termijn (${timing.note})`;
}

/** The first late instant, or undefined while there is no deadline. */
export function lateFromOf(instance: Pick<DeliverableInstance, 'timing'>): Date | undefined {
  return instance.timing.state === 'dated' ? new Date(instance.timing.lateFrom) : undefined;
}

/** A slot counts as handled once any recipient's notice for it was claimed. */
/**
 * The slots the ledger is done with: marked by Act once every recipient's notice was sent, merged
 * or refused. A claim written before slots were marked (it has no lease) counts as before: its slot
 * was handled.
 */
export function handledSlotIds(records: Pick<InstanceRecords, 'notices' | 'slotMarks'>): Set<string> {
  const done = new Set(records.slotMarks.map((m) => m.slotId));
  for (const n of records.notices) if (!n.leaseUntil) done.add(n.slotId);
  return done;
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
export function clauseText(instance: Pick<DeliverableInstance, 'clauses'>): string {
  // One clause may be quoted twice; name it once.
  const named = instance.clauses.map((c) => `${/^\d/.test(c.clause) ? 'afspraak ' : ''}${c.clause}, ${agreementNames[c.agreement] ?? c.agreement}`);
  return [...new Set(named)].join('; ');
}
