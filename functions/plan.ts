import { z } from 'zod';
import type { Deps } from './adapters/deps.js';
import { logger } from './adapters/logger.js';
import { closedReason, handledSlotIds, slotsOf } from './core/instance.js';
import { nextAction, type NextAction } from './core/reminder-plan.js';

export const executionInputSchema = z.object({
  tenantId: z.string().min(1),
  year: z.number().int(),
  instanceId: z.string().min(1),
});

/** Thrown for input that no retry can fix; the workflow's Catch turns it into a failed execution. */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

/** Plan: reads the instance from DynamoDB (the source of truth) and says what to do next, and when. */
export function createPlanHandler(deps: Pick<Deps, 'store' | 'clock'>) {
  return async (event: unknown): Promise<NextAction> => {
    const input = executionInputSchema.parse(event);
    const records = await deps.store.loadInstance(input.tenantId, input.year, input.instanceId);
    if (!records) throw new PermanentError(`instance ${input.instanceId} not found`);
    const action = nextAction({
      slots: slotsOf(records.instance),
      handledSlotIds: handledSlotIds(records.notices),
      closed: closedReason(records.instance),
      now: deps.clock.now(),
    });
    logger.debug('planned', { instanceId: input.instanceId, action: action.action });
    return action;
  };
}
