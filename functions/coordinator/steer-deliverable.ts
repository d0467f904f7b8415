import type { Uses } from '../adapters/deps.js';
import { coordinatorCycle } from './auth.js';
import { steerDeliverableBody } from '../http/api-schemas.js';
import { httpHandler, jsonBody, jsonResponse } from '../http/handler.js';
import { extendDeadline, waiveDeliverable } from '../services/steering.js';

/**
 * POST /api/tenants/{tenant}/cycles/{year}/deliverables/{instance}: the coordinator extends a
 * deadline (the reminders restart at once for the new date) or waives the deliverable for the
 * year; both with a reason, in the audit log.
 */
export function createSteerDeliverableHandler(deps: Uses<'store' | 'engine' | 'clock', 'coordinatorAuth'>) {
  return httpHandler(async (event) => {
    const steering = await coordinatorCycle(event, deps.config);
    const instanceId = event.pathParameters?.instance ?? '';
    const body = jsonBody(event, steerDeliverableBody, 'opdracht');
    if (body.actie === 'vrijstellen') return jsonResponse(200, await waiveDeliverable(deps, steering, instanceId, body.reden));
    return jsonResponse(200, await extendDeadline(deps, steering, instanceId, body));
  }, 'json');
}
