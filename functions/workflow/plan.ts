import { z } from 'zod';
import type { Deps } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { closedReason, handledSlotIds, slotsOf } from '../core/instance.js';
import { nextAction, type NextAction } from '../core/reminder-plan.js';
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

export type PlanResult = NextAction | { action: 'handover'; wakeAt: string };

/** Plan: reads the instance from DynamoDB (the source of truth) and says what to do next, and when. */
export function createPlanHandler(deps: Pick<Deps, 'store' | 'clock'>) {
  return async (event: unknown): Promise<PlanResult> => {
    const input = planInputSchema.parse(event);
    const records = await deps.store.cycles.loadInstance(input.tenantId, input.year, input.instanceId);
    if (!records) throw new PermanentError(`instance ${input.instanceId} not found`);
    // A changed deadline started a fresh execution for the new revision; this one stops.
    if ((records.instance.revision ?? 0) !== input.revision) return { action: 'done', reason: 'superseded' };
    const action = nextAction({
      slots: slotsOf(records.instance),
      handledSlotIds: handledSlotIds(records),
      closed: closedReason(records.instance),
      now: deps.clock.now(),
    });
    logger.debug('planned', { instanceId: input.instanceId, action: action.action });
    if (action.action === 'notify' && input.executionStartedAt) {
      const handoverAt = Date.parse(input.executionStartedAt) + HANDOVER_AFTER_DAYS * 86_400_000;
      if (Date.parse(action.wakeAt) > handoverAt) {
        return { action: 'handover', wakeAt: new Date(Math.max(handoverAt, deps.clock.now().getTime())).toISOString() };
      }
    }
    return action;
  };
}
