import type { Uses } from '../adapters/deps.js';
import { yearOutsideTemplate } from '../core/template.js';
import { HttpProblem, httpHandler, jsonResponse } from '../http/handler.js';
import { coordinatorCycle } from './auth.js';

/** POST /api/tenants/{tenant}/cycles/{year}/open: starts the opening workflow; 202, the work goes on there. */
export function createOpenCycleHandler(deps: Uses<'store' | 'engine', 'coordinatorAuth'>) {
  return httpHandler(async (event) => {
    const { tenant, year } = await coordinatorCycle(event, deps.config);
    if (event.requestContext.http.method.toUpperCase() !== 'POST') {
      throw new HttpProblem(405, 'Gebruik POST', 'Een cyclus openen gaat met een POST-verzoek.');
    }
    const inUse = await deps.store.templates.inUse(tenant);
    if (!inUse.length) throw new HttpProblem(404, 'Onbekende gemeente', 'Controleer de naam van de gemeente in het adres, of laad eerst een cyclussjabloon.');
    if (!(await deps.store.cycles.get(tenant, year)) && !inUse.some((v) => !yearOutsideTemplate(v, year))) {
      const outside = inUse.map((v) => yearOutsideTemplate(v, year)).join(' ');
      throw new HttpProblem(409, 'Het sjabloon geldt niet voor dit jaar', `${outside} Laad een sjabloon voor ${year}.`);
    }
    const started = await deps.engine.startCycle({ tenantId: tenant, year });
    return jsonResponse(202, { tenantId: tenant, year, started, uitleg: started ? 'De cyclus wordt geopend.' : 'De cyclus was al geopend.' });
  }, 'json');
}
