import type { Deps } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { executionInputSchema } from './task-input.js';

/** HandOver: starts the next generation's execution for the same instance, then this one ends. */
export function createHandOverHandler(deps: Pick<Deps, 'engine'>) {
  return async (event: unknown): Promise<{ started: boolean }> => {
    const input = executionInputSchema.parse(event);
    const next = { ...input, generation: input.generation + 1 };
    const started = await deps.engine.startDeliverable(next);
    logger.info('handed over', { code: 'HANDOVER', instanceId: input.instanceId, generation: next.generation, started });
    return { started };
  };
}
