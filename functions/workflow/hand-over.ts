import type { Deps } from '../adapters/deps.js';
import type { DeliverableExecutionInput } from '../adapters/engine.js';
import { logger } from '../adapters/logger.js';

/** The hand-over step (run by Act): starts the next generation's execution for the same instance; this one then ends. */
export async function handOver(deps: Pick<Deps, 'engine'>, input: DeliverableExecutionInput): Promise<{ started: boolean }> {
  const next = { tenantId: input.tenantId, year: input.year, instanceId: input.instanceId, revision: input.revision, generation: input.generation + 1 };
  const started = await deps.engine.startDeliverable(next);
  logger.info('handed over', { code: 'HANDOVER', instanceId: input.instanceId, generation: next.generation, started });
  return { started };
}
