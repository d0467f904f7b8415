import type { Deps } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { planYear } from '../core/calendar.js';
import type { CycleFacts } from '../core/calendar.js';
import type { CycleTemplate } from '../core/template.js';
import { cycleTemplate } from './cycle-template.js';
import { stopReminders } from './stop-reminders.js';

export type FactKind = keyof Required<CycleFacts>;

export interface AppliedFact {
  /** Instances whose deadline this date fixed or moved, each with a fresh execution. */
  started: string[];
}

/**
 * Records a date for the cycle (a meeting, an event, a submission others follow) and applies it:
 * every open instance whose deadline depends on it gets its new timing and a fresh execution for
 * the new revision; the execution of the old revision is stopped. It reads the cycle's summary and
 * the instances the date moves, not the year.
 */
export async function recordDate(
  deps: Pick<Deps, 'store' | 'engine'>,
  input: { tenantId: string; year: number; kind: FactKind; id: string; date: string },
  /** The cycle's template, when the caller has read it already. */
  known?: CycleTemplate,
): Promise<AppliedFact> {
  const { tenantId, year } = input;
  const cycle = await deps.store.cycles.recordFact(tenantId, year, input.kind, input.id, input.date);
  const [template, summary] = await Promise.all([
    known ?? cycleTemplate(deps.store, tenantId, year, cycle).then((composed) => composed?.template),
    deps.store.summaries.read(tenantId, year),
  ]);
  if (!template) return { started: [] };
  const plan = planYear(template, year, cycle.facts);
  // What the date changes, from the cycle's summary (one item): the open instances whose last day
  // it moves. Only those are read. A cycle without a summary yet (opened before they existed) is read whole.
  const shown = summary && new Map(summary.map((row) => [row.instanceId, row]));
  const moved = plan.filter((p) => p.timing.state === 'dated' && (!shown || (shown.get(p.instanceId)?.status === 'open' && shown.get(p.instanceId)?.lastDay !== p.timing.lastDay)));
  const records = shown
    ? await Promise.all(moved.map((p) => deps.store.cycles.loadInstance(tenantId, year, p.instanceId)))
    : await deps.store.cycles.loadCycle(tenantId, year);
  const started: string[] = [];
  for (const planned of moved) {
    const current = records.find((r) => r?.instance.instanceId === planned.instanceId)?.instance;
    if (!current || planned.timing.state !== 'dated' || current.status !== 'open') continue;
    const before = current.timing.state === 'dated' ? current.timing.lastDay : undefined;
    if (before === planned.timing.lastDay) continue;
    const revision = await deps.store.cycles.setTiming(current, planned.timing, planned.meeting);
    if (revision === undefined) continue;
    await deps.engine.startDeliverable({ tenantId, year, instanceId: planned.instanceId, generation: 0, revision });
    // The revision before it had a deadline (it had an execution too): that one stops.
    if (before) await stopReminders(deps, current, 'nieuwe termijn');
    started.push(planned.instanceId);
  }
  logger.info('date recorded', { code: 'DATE_RECORDED', tenantId, year, kind: input.kind, id: input.id, started: started.length });
  return { started };
}
