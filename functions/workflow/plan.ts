import { z } from 'zod';
import type { Deps } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { closedReason, handledSlotIds, slotsOf } from '../core/instance.js';
import { remainingNotices } from '../core/reminder-plan.js';
import { executionInputSchema, PermanentError } from './task-input.js';

const planInputSchema = executionInputSchema.extend({ executionStartedAt: z.string().optional() });

/**
 * A Standard execution lives at most a year; a deliverable opened in November whose fourth-quarter
 * report is due the January after next would outlive it. A notice due past this age is handed over
 * to a fresh execution; one due before it is sent by this one (no needless hand-over). The two weeks
 * left of the year are room for retries during an SES outage; an execution that still runs out of
 * time is restarted by the reconciler, which picks up where the ledger stands.
 */
export const HANDOVER_AFTER_DAYS = 351;

/** One step of a deliverable execution: wait until `wakeAt`, then send that slot's notices, or hand over. */
export const stepSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('notify'), slotId: z.string().min(1), wakeAt: z.string() }),
  z.object({ action: z.literal('handover'), wakeAt: z.string() }),
]);
export type Step = z.infer<typeof stepSchema>;

export interface PlanResult {
  /** In order; the workflow's Map runs them one by one (empty: nothing left, the execution ends). */
  steps: Step[];
  reason?: 'submitted' | 'waived' | 'all-notices-sent' | 'superseded';
}

/**
 * Plan: reads the instance from DynamoDB (the source of truth) once and lists every notice still to
 * send, each at its moment, up to the execution's hand-over. Each Act reads the instance again
 * before it sends, so a submission, a waiver or a new revision meanwhile sends nothing.
 */
export function createPlanHandler(deps: Pick<Deps, 'store' | 'clock'>) {
  return async (event: unknown): Promise<PlanResult> => {
    const input = planInputSchema.parse(event);
    const records = await deps.store.cycles.loadInstance(input.tenantId, input.year, input.instanceId);
    if (!records) throw new PermanentError(`instance ${input.instanceId} not found`);
    // A changed deadline started a fresh execution for the new revision; this one stops.
    if ((records.instance.revision ?? 0) !== input.revision) return { steps: [], reason: 'superseded' };
    const closed = closedReason(records.instance);
    if (closed) return { steps: [], reason: closed };
    const now = deps.clock.now();
    const notices = remainingNotices({ slots: slotsOf(records.instance), handledSlotIds: handledSlotIds(records), closed, now });
    const handoverAt = input.executionStartedAt ? Date.parse(input.executionStartedAt) + HANDOVER_AFTER_DAYS * 86_400_000 : Infinity;
    const within = notices.filter((n) => Date.parse(n.wakeAt) <= handoverAt);
    const steps: Step[] = within.length < notices.length ? [...within, { action: 'handover', wakeAt: new Date(Math.max(handoverAt, now.getTime())).toISOString() }] : within;
    logger.debug('planned', { instanceId: input.instanceId, steps: steps.length });
    return steps.length ? { steps } : { steps, reason: 'all-notices-sent' };
  };
}
