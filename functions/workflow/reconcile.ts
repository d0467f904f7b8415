import { z } from 'zod';
import type { Uses } from '../adapters/deps.js';
import type { DeliverableExecutionInput } from '../adapters/engine.js';
import { logger } from '../adapters/logger.js';
import { countExecutionRestarted } from '../adapters/metrics.js';
import { closedReason, handledSlotIds, slotsOf } from '../core/instance.js';
import type { InstanceRecords } from '../core/model.js';
import { nextAction } from '../core/reminder-plan.js';
import { localDateOf } from '../core/time.js';
import { forwardPending, type ForwardDeps } from '../services/forwarding.js';
import { completeCycleMove } from '../services/template-move.js';
import { turnYear, type YearTurnDeps, type YearTurnResult } from '../services/year-turn.js';

/** An instance with a long history of hand-overs and restarts: past this, something else is wrong. */
const MAX_GENERATIONS = 50;

type ReconcileDeps = Uses<'store' | 'engine' | 'clock'>;

/** Whether an instance's reminders run: none due any more, a running execution, or stopped (with the generation to start). */
export type ReminderState = { state: 'none-due' | 'running' | 'given-up' } | { state: 'stopped'; generation: number; was: string };

/** How an open instance's reminders stand: it has a notice still to send and no running execution for its revision, or not. */
export async function reminderState(deps: ReconcileDeps, records: InstanceRecords): Promise<ReminderState> {
  const { instance } = records;
  if (instance.timing.state !== 'dated') return { state: 'none-due' };
  const next = nextAction({ slots: slotsOf(instance), handledSlotIds: handledSlotIds(records), closed: closedReason(instance), now: deps.clock.now() });
  if (next.action === 'done') return { state: 'none-due' };
  for (let generation = 0; generation < MAX_GENERATIONS; generation++) {
    const status = await deps.engine.deliverableStatus(executionOf(records, generation));
    if (status === 'RUNNING') return { state: 'running' };
    if (status === 'MISSING') return { state: 'stopped', generation, was: generation === 0 ? 'never started' : 'ended without finishing' };
  }
  return { state: 'given-up' };
}

const executionOf = ({ instance }: InstanceRecords, generation: number): DeliverableExecutionInput => ({
  tenantId: instance.tenantId,
  year: instance.year,
  instanceId: instance.instanceId,
  generation,
  revision: instance.revision,
});

/** Starts the next generation of a stopped instance's reminders, audited; false when another start won. */
export async function restartReminders(deps: ReconcileDeps, records: InstanceRecords, stopped: Extract<ReminderState, { state: 'stopped' }>, actor = 'systeem'): Promise<boolean> {
  const { instance } = records;
  if (!(await deps.engine.startDeliverable(executionOf(records, stopped.generation)))) return false;
  await deps.store.audit.append(instance.tenantId, instance.year, {
    instanceId: instance.instanceId,
    at: deps.clock.now().toISOString(),
    actor,
    action: 'herinneringen hervat',
    detail: { generatie: stopped.generation, revisie: instance.revision, reden: stopped.was },
  });
  countExecutionRestarted({ tenantId: instance.tenantId });
  logger.warn('execution restarted', { code: 'EXECUTION_RESTARTED', instanceId: instance.instanceId, generation: stopped.generation });
  return true;
}

export interface ReconcileResult {
  checked: number;
  running: number;
  restarted: { tenantId: string; year: number; instanceId: string; generation: number; was: string }[];
  /** Versions found still in the outbox and forwarded again (a forward that failed right after the submission). */
  forwarded: number;
  /** Instances started by a template move that was still pending (asked for by npm run beheer). */
  moved: number;
}

/**
 * The one path back from any failure: every open instance that still has a notice to send must
 * have a running execution for its current revision. One that failed, timed out, was aborted or
 * never started (a StartExecution that failed after a deadline was saved) gets a fresh one, of the
 * next generation under its deterministic name, audited. Run on a schedule (EventBridge Scheduler
 * in AWS, the clock locally); running it twice starts nothing twice. Versions still in the outbox
 * (their forward failed right after the submission) are forwarded again, each recipient once, a
 * move to other template versions that is still pending is completed, and a cycle opened before
 * cycle summaries existed gets its summary.
 */
export async function reconcile(deps: ReconcileDeps & ForwardDeps, years: readonly number[]): Promise<ReconcileResult> {
  const result: ReconcileResult = { checked: 0, running: 0, restarted: [], forwarded: 0, moved: 0 };
  for (const year of years) {
    for (const tenantId of await deps.store.cycles.tenantsOf(year)) {
      result.moved += (await completeCycleMove(deps, tenantId, year)).length;
      result.forwarded += await forwardPending(deps, tenantId, year);
      const cycle = await deps.store.cycles.loadCycle(tenantId, year);
      // A cycle opened before summaries existed gets its summary here (the Jaaroverzicht, a GET, only reads).
      if (cycle.length && !(await deps.store.summaries.read(tenantId, year))) await deps.store.summaries.build(tenantId, year, cycle);
      for (const records of cycle) {
        const state = await reminderState(deps, records);
        if (state.state === 'none-due') continue;
        result.checked++;
        if (state.state === 'running') result.running++;
        else if (state.state === 'given-up') logger.error('too many generations', { code: 'RECONCILE_GAVE_UP', instanceId: records.instance.instanceId });
        else if (state.state === 'stopped' && (await restartReminders(deps, records, state))) {
          result.restarted.push({ tenantId, year, instanceId: records.instance.instanceId, generation: state.generation, was: state.was });
        }
      }
    }
  }
  logger.info('reconciled', { code: 'RECONCILED', checked: result.checked, running: result.running, restarted: result.restarted.length, forwarded: result.forwarded, moved: result.moved });
  return result;
}

/**
 * Lambda task `Reconcile`, on a schedule: last year's cycles, this year's and next year's (deadlines
 * cross years); then the turn of the year (next year's cycle on its opening date, the November mail
 * when no template covers it).
 */
export function createReconcileHandler(deps: ReconcileDeps & ForwardDeps & YearTurnDeps) {
  const input = z.object({ years: z.array(z.number().int()).optional() }).passthrough();
  return async (event: unknown): Promise<ReconcileResult & { yearTurn: YearTurnResult }> => {
    const thisYear = localDateOf(deps.clock.now()).year;
    const { years } = input.parse(event ?? {});
    const result = await reconcile(deps, years ?? [thisYear - 1, thisYear, thisYear + 1]);
    return { ...result, yearTurn: await turnYear(deps) };
  };
}
