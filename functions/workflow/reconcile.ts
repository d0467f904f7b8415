import { z } from 'zod';
import type { Uses } from '../adapters/deps.js';
import type { DeliverableExecutionInput } from '../adapters/engine.js';
import { logger } from '../adapters/logger.js';
import { countExecutionRestarted } from '../adapters/metrics.js';
import { closedReason, handledSlotIds, slotsOf } from '../core/instance.js';
import { nextAction } from '../core/reminder-plan.js';
import { localDateOf } from '../core/time.js';

/** An instance with a long history of hand-overs and restarts: past this, something else is wrong. */
const MAX_GENERATIONS = 50;

export interface ReconcileResult {
  checked: number;
  running: number;
  restarted: { tenantId: string; year: number; instanceId: string; generation: number; was: string }[];
}

/**
 * The one path back from any failure: every open instance that still has a notice to send must
 * have a running execution for its current revision. One that failed, timed out, was aborted or
 * never started (a StartExecution that failed after a deadline was saved) gets a fresh one, of the
 * next generation under its deterministic name, audited. Run on a schedule (EventBridge Scheduler
 * in AWS, the clock locally); running it twice starts nothing twice.
 */
export async function reconcile(deps: Uses<'store' | 'engine' | 'clock'>, years: readonly number[]): Promise<ReconcileResult> {
  const result: ReconcileResult = { checked: 0, running: 0, restarted: [] };
  const now = deps.clock.now();
  for (const year of years) {
    for (const tenantId of await deps.store.cycles.tenantsOf(year)) {
      for (const records of await deps.store.cycles.loadCycle(tenantId, year)) {
        const { instance } = records;
        if (instance.timing.state !== 'dated') continue;
        const next = nextAction({ slots: slotsOf(instance), handledSlotIds: handledSlotIds(records), closed: closedReason(instance), now });
        if (next.action === 'done') continue;
        result.checked++;
        const base: DeliverableExecutionInput = { tenantId, year, instanceId: instance.instanceId, generation: 0, revision: instance.revision };
        let generation = 0;
        let last = 'MISSING';
        for (; generation < MAX_GENERATIONS; generation++) {
          last = await deps.engine.deliverableStatus({ ...base, generation });
          if (last === 'RUNNING' || last === 'MISSING') break;
        }
        if (last === 'RUNNING') {
          result.running++;
          continue;
        }
        if (generation >= MAX_GENERATIONS) {
          logger.error('too many generations', { code: 'RECONCILE_GAVE_UP', instanceId: instance.instanceId });
          continue;
        }
        const was = generation === 0 ? 'never started' : 'ended without finishing';
        if (!(await deps.engine.startDeliverable({ ...base, generation }))) continue;
        result.restarted.push({ tenantId, year, instanceId: instance.instanceId, generation, was });
        await deps.store.audit.append(tenantId, year, {
          instanceId: instance.instanceId,
          at: now.toISOString(),
          actor: 'systeem',
          action: 'herinneringen hervat',
          detail: { generatie: generation, revisie: instance.revision, reden: was },
        });
        countExecutionRestarted({ tenantId });
        logger.warn('execution restarted', { code: 'EXECUTION_RESTARTED', instanceId: instance.instanceId, generation });
      }
    }
  }
  logger.info('reconciled', { code: 'RECONCILED', checked: result.checked, running: result.running, restarted: result.restarted.length });
  return result;
}

/** Lambda task `Reconcile`, on a schedule: this year's cycles and last year's (deadlines run into the next year). */
export function createReconcileHandler(deps: Uses<'store' | 'engine' | 'clock'>) {
  const input = z.object({ years: z.array(z.number().int()).optional() }).passthrough();
  return async (event: unknown): Promise<ReconcileResult> => {
    const thisYear = localDateOf(deps.clock.now()).year;
    const { years } = input.parse(event ?? {});
    return reconcile(deps, years ?? [thisYear - 1, thisYear, thisYear + 1]);
  };
}
