import type { Deps } from './adapters/deps.js';
import { authorizeCoordinator, cyclePath } from './coordinator-auth.js';
import type { DeliverableDefinition } from './core/deliverable.js';
import { huuradvies } from './core/huuradvies.js';
import { newInstance } from './core/instance.js';
import { HttpProblem, httpHandler, jsonResponse } from './http.js';

/** The deliverables a cycle opens with. The whole-year template replaces this list. */
export const cycleDeliverables: DeliverableDefinition[] = [huuradvies];

export interface OpenResult {
  opened: string[];
  alreadyOpen: string[];
  started: string[];
}

/**
 * Opens a cycle year: stores each deliverable instance once and starts its execution under a
 * deterministic name, so opening twice creates and starts nothing twice.
 */
export async function openCycle(deps: Pick<Deps, 'store' | 'engine' | 'clock'>, tenantId: string, year: number): Promise<OpenResult> {
  const result: OpenResult = { opened: [], alreadyOpen: [], started: [] };
  for (const def of cycleDeliverables) {
    const instance = newInstance(def, tenantId, year, deps.clock.now());
    (await deps.store.openInstance(instance) ? result.opened : result.alreadyOpen).push(instance.instanceId);
    if (await deps.engine.startDeliverable({ tenantId, year, instanceId: instance.instanceId })) {
      result.started.push(instance.instanceId);
    }
  }
  return result;
}

/** POST /api/tenants/{tenant}/cycles/{year}/open */
export function createOpenCycleHandler(deps: Deps) {
  return httpHandler(async (event) => {
    authorizeCoordinator(event, deps.config);
    if (event.requestContext.http.method.toUpperCase() !== 'POST') {
      throw new HttpProblem(405, 'Gebruik POST', 'Een cyclus openen gaat met een POST-verzoek.');
    }
    const { tenant, year } = cyclePath(event);
    if (!(await deps.store.getTenant(tenant))) {
      throw new HttpProblem(404, 'Onbekende gemeente', 'Controleer de naam van de gemeente in het adres.');
    }
    return jsonResponse(200, await openCycle(deps, tenant, year));
  }, 'json');
}
