import type { Deps } from './adapters/deps.js';
import { coordinatorCycle } from './coordinator-auth.js';
import { lateFrom } from './core/deliverable.js';
import { isoDate, parseIsoDate } from './core/time.js';
import { steerDeliverableBody } from './api-schemas.js';
import { HttpProblem, httpHandler, jsonBody, jsonResponse } from './http.js';

/**
 * POST /api/tenants/{tenant}/cycles/{year}/deliverables/{instance}: the coordinator extends a
 * deadline (the reminders restart at once for the new date) or waives the deliverable for the
 * year; both with a reason, in the audit log.
 */
export function createSteerDeliverableHandler(deps: Deps) {
  return httpHandler(async (event) => {
    const { tenant, year, principal } = await coordinatorCycle(event, deps.config);
    const instanceId = event.pathParameters?.instance ?? '';
    const body = jsonBody(event, steerDeliverableBody, 'opdracht');
    const records = await deps.store.loadInstance(tenant, year, instanceId);
    if (!records) throw new HttpProblem(404, 'Onbekende levering', `Er is in ${year} geen levering "${instanceId}".`);
    const { instance } = records;
    if (instance.status !== 'open') {
      throw new HttpProblem(409, 'Deze levering is al afgerond', `De status is "${instance.status}"; verlengen of vrijstellen kan alleen bij een openstaande levering.`);
    }
    const now = deps.clock.now();
    const actor = `coordinator:${principal.subject}`;
    if (body.actie === 'vrijstellen') {
      const waived = await deps.store.waive(instance, { instanceId, at: now.toISOString(), actor, action: 'vrijgesteld', detail: { reden: body.reden } });
      if (!waived) throw new HttpProblem(409, 'Tegelijk gewijzigd', 'De levering is intussen gewijzigd. Laad de status opnieuw en probeer het nog eens.');
      return jsonResponse(200, { instanceId, status: 'vrijgesteld' });
    }
    let day;
    try {
      day = parseIsoDate(body.nieuweDatum);
    } catch {
      throw new HttpProblem(400, 'Ongeldige opdracht', 'Die datum bestaat niet.');
    }
    const before = instance.timing.state === 'dated' ? instance.timing.lastDay : undefined;
    if (before && body.nieuweDatum <= before) {
      throw new HttpProblem(400, 'Ongeldige opdracht', `Een verlenging ligt na de huidige laatste dag (${before}).`);
    }
    const timing = { state: 'dated' as const, lastDay: isoDate(day), lateFrom: lateFrom(day).toISOString() };
    const revision = await deps.store.setTiming(instance, timing);
    if (revision === undefined) throw new HttpProblem(409, 'Tegelijk gewijzigd', 'De levering is intussen gewijzigd. Laad de status opnieuw en probeer het nog eens.');
    await deps.store.appendAudit(tenant, year, {
      instanceId,
      at: now.toISOString(),
      actor,
      action: 'verlengd',
      detail: { van: before ?? 'geen', tot: timing.lastDay, reden: body.reden },
    });
    await deps.engine.startDeliverable({ tenantId: tenant, year, instanceId, generation: 0, revision });
    return jsonResponse(200, { instanceId, lastDay: timing.lastDay, revision });
  }, 'json');
}
