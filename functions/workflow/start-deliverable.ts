import type { Deps } from '../adapters/deps.js';
import { executionInputSchema } from './task-input.js';

/** Lambda task `StartDeliverable` of workflows/cycle.asl.json: one execution per dated instance. */
export function createStartDeliverableHandler(deps: Pick<Deps, 'engine'>) {
  return async (event: unknown) => ({ started: await deps.engine.startDeliverable(executionInputSchema.parse(event)) });
}
