import type { Deps } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import type { DeliverableInstance } from '../core/model.js';

/**
 * Ends the execution of an instance that was just closed (submitted, waived, dropped by a template
 * move), or of the revision a new deadline superseded, so it does not wake up for notices that will
 * never go out: each wake-up costs transitions and an Act. Call it only after the change is stored:
 * an execution stopped before would be restarted by the reconciler, which starts one for every open
 * instance with a notice due. Best effort: the change stands whatever happens here, and an
 * execution left running sends nothing more (each Act reads the instance closed or superseded).
 */
export async function stopReminders(deps: Pick<Deps, 'engine'>, instance: Pick<DeliverableInstance, 'tenantId' | 'year' | 'instanceId' | 'revision'>, cause: string): Promise<void> {
  const { tenantId, year, instanceId } = instance;
  try {
    await deps.engine.stopDeliverable({ tenantId, year, instanceId, generation: 0, revision: instance.revision, cause });
  } catch (error) {
    logger.warn('execution not stopped', { code: 'STOP_FAILED', tenantId, year, instanceId, errorName: (error as Error).name });
  }
}
