import type { Uses } from '../adapters/deps.js';
import { coordinatorCycle } from './auth.js';
import { manageLinksBody } from '../http/api-schemas.js';
import { httpHandler, jsonBody, jsonResponse } from '../http/handler.js';
import { manageLinks } from '../services/steering.js';

/**
 * POST /api/tenants/{tenant}/cycles/{year}/deliverables/{instance}/links: the coordinator sends a
 * contact's link again, revokes a contact's links for a deliverable, or revokes them and sends a
 * new one. Each is in the audit log.
 */
export function createManageLinksHandler(deps: Uses<'store' | 'mailer' | 'linkKeys' | 'clock', 'coordinatorAuth' | 'publicBaseUrl' | 'linkGraceDays'>) {
  return httpHandler(async (event) => {
    const steering = await coordinatorCycle(event, deps.config);
    const body = jsonBody(event, manageLinksBody, 'opdracht');
    return jsonResponse(200, await manageLinks(deps, steering, event.pathParameters?.instance ?? '', body));
  }, 'json');
}
