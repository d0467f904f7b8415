import { z } from 'zod';
import type { Deps } from '../adapters/deps.js';
import { executionInputSchema } from './task-input.js';

const startInputSchema = z.object({ executions: z.array(executionInputSchema) });

/** Parallel StartExecution calls: well inside Step Functions' start rate, done in seconds for hundreds. */
const AT_ONCE = 10;

/**
 * Lambda task `StartDeliverables` of workflows/cycle.asl.json: one execution per dated instance,
 * all in one task. Names are deterministic, so a retry after a partial run starts only what is missing.
 */
export function createStartDeliverableHandler(deps: Pick<Deps, 'engine'>) {
  return async (event: unknown) => {
    const queue = [...startInputSchema.parse(event).executions];
    let started = 0;
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) if (await deps.engine.startDeliverable(next)) started++;
    };
    await Promise.all(Array.from({ length: AT_ONCE }, worker));
    return { started };
  };
}
