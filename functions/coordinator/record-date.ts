import type { Uses } from '../adapters/deps.js';
import { coordinatorCycle } from './auth.js';
import { recordDateBody } from '../http/api-schemas.js';
import { httpHandler, jsonBody, jsonResponse } from '../http/handler.js';
import { recordCycleDate } from '../services/steering.js';

/**
 * POST /api/tenants/{tenant}/cycles/{year}/events/{id} and …/meetings/{id}, body {"date": …}:
 * the coordinator records when an event happened or when a meeting takes place.
 */
export function createRecordDateHandler(deps: Uses<'store' | 'engine' | 'clock', 'coordinatorAuth'>) {
  return httpHandler(async (event) => {
    const steering = await coordinatorCycle(event, deps.config);
    const params = event.pathParameters ?? {};
    const kind = params.meeting !== undefined ? 'meetingDates' : 'eventDates';
    const id = params.meeting ?? params.event ?? '';
    const body = jsonBody(event, recordDateBody, 'datum');
    const applied = await recordCycleDate(deps, steering, kind, id, body);
    return jsonResponse(200, { tenantId: steering.tenant, year: steering.year, [kind === 'meetingDates' ? 'meeting' : 'event']: id, date: body.date, ...applied });
  }, 'json');
}
