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
 * the new revision; the execution of the old revision stops at its next step.
 */
export async function recordDate(
  deps: Pick<Deps, 'store' | 'engine'>,
  input: { tenantId: string; year: number; kind: FactKind; id: string; date: string },
  /** The cycle's template, when the caller has read it already. */
  known?: CycleTemplate,
): Promise<AppliedFact> {
  const { tenantId, year } = input;
  const cycle = await deps.store.cycles.recordFact(tenantId, year, input.kind, input.id, input.date);
  const [template, records] = await Promise.all([
    known ?? cycleTemplate(deps.store, tenantId, year, cycle).then((composed) => composed?.template),
    deps.store.cycles.loadCycle(tenantId, year),
  ]);
  if (!template) return { started: [] };
  const started: string[] = [];
  for (const planned of planYear(template, year, cycle.facts)) {
    const current = records.find((r) => r.instance.instanceId === planned.instanceId)?.instance;
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
