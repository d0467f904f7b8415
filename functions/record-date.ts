import type { Deps } from './adapters/deps.js';
import { logger } from './adapters/logger.js';
import { coordinatorCycle } from './coordinator-auth.js';
import { planYear } from './core/calendar.js';
import type { CycleFacts } from './core/calendar.js';
import { recordDateBody } from './api-schemas.js';
import { HttpProblem, httpHandler, jsonBody, jsonResponse } from './http.js';

export type FactKind = keyof Required<CycleFacts>;

export interface AppliedFact {
  /** Instances whose deadline this date fixed or moved, each with a fresh execution. */
  started: string[];
}

/**
 * Records a date for the cycle (a meeting, an event, a submission others follow) and applies it:
 * every open instance whose deadline depends on it gets its new timing and a fresh execution for
 * the new revision; the execution of the old revision stops at its next step.
 */
export async function recordDate(
  deps: Pick<Deps, 'store' | 'engine'>,
  input: { tenantId: string; year: number; kind: FactKind; id: string; date: string },
): Promise<AppliedFact> {
  const { tenantId, year } = input;
  await deps.store.recordFact(tenantId, year, input.kind, input.id, input.date);
  const [stored, cycle, records] = await Promise.all([
    deps.store.getTemplate(tenantId),
    deps.store.getCycle(tenantId, year),
    deps.store.loadCycle(tenantId, year),
  ]);
  if (!stored || !cycle) return { started: [] };
  const started: string[] = [];
  for (const planned of planYear(stored.template, year, cycle.facts)) {
    const current = records.find((r) => r.instance.instanceId === planned.instanceId)?.instance;
    if (!current || planned.timing.state !== 'dated' || current.status !== 'open') continue;
    const before = current.timing.state === 'dated' ? current.timing.lastDay : undefined;
    if (before === planned.timing.lastDay) continue;
    const revision = await deps.store.setTiming(current, planned.timing, planned.meeting);
    if (revision === undefined) continue;
    await deps.engine.startDeliverable({ tenantId, year, instanceId: planned.instanceId, generation: 0, revision });
    started.push(planned.instanceId);
  }
  logger.info('date recorded', { code: 'DATE_RECORDED', tenantId, year, kind: input.kind, id: input.id, started: started.length });
  return { started };
}

/**
 * POST /api/tenants/{tenant}/cycles/{year}/events/{id} and …/meetings/{id}, body {"date": …}:
 * the coordinator records when an event happened or when a meeting takes place.
 */
export function createRecordDateHandler(deps: Deps) {
  return httpHandler(async (event) => {
    const { tenant, year } = await coordinatorCycle(event, deps.config);
    const params = event.pathParameters ?? {};
    const kind: FactKind = params.meeting !== undefined ? 'meetingDates' : 'eventDates';
    const id = params.meeting ?? params.event ?? '';
    const { date } = jsonBody(event, recordDateBody, 'datum');
    const stored = await deps.store.getTemplate(tenant);
    const known = kind === 'meetingDates' ? stored?.template.meetings.map((m) => m.id) : stored?.template.events.map((e) => e.id);
    if (!known?.includes(id)) {
      throw new HttpProblem(404, kind === 'meetingDates' ? 'Onbekende vergadering' : 'Onbekende gebeurtenis', `Het sjabloon kent "${id}" niet. Kies een van: ${(known ?? []).join(', ')}.`);
    }
    if (!(await deps.store.getCycle(tenant, year))) {
      throw new HttpProblem(404, 'Geen cyclus gevonden', `Open eerst de cyclus ${year}.`);
    }
    const applied = await recordDate(deps, { tenantId: tenant, year, kind, id, date });
    return jsonResponse(200, { tenantId: tenant, year, [kind === 'meetingDates' ? 'meeting' : 'event']: id, date, ...applied });
  }, 'json');
}
