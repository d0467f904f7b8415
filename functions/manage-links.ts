import type { Deps } from './adapters/deps.js';
import { coordinatorCycle } from './coordinator-auth.js';
import { manageLinksBody } from './api-schemas.js';
import { HttpProblem, httpHandler, jsonBody, jsonResponse } from './http.js';
import { sendNewLink } from './link-renewal.js';

/**
 * POST /api/tenants/{tenant}/cycles/{year}/deliverables/{instance}/links: the coordinator revokes a
 * contact's links for a deliverable, or revokes them and sends a new one. Both are in the audit log.
 */
export function createManageLinksHandler(deps: Deps) {
  return httpHandler(async (event) => {
    const { tenant, year } = await coordinatorCycle(event, deps.config);
    const instanceId = event.pathParameters?.instance ?? '';
    const { actie, partyId, contactId, reden } = jsonBody(event, manageLinksBody, 'opdracht');
    const records = await deps.store.loadInstance(tenant, year, instanceId);
    if (!records) throw new HttpProblem(404, 'Onbekende levering', `Er is in ${year} geen levering "${instanceId}".`);
    const contact = await deps.store.getContact(tenant, partyId, contactId);
    if (!contact) throw new HttpProblem(404, 'Onbekend contact', 'Controleer partyId en contactId.');
    const now = deps.clock.now();
    const live = records.links.filter((l) => l.partyId === partyId && l.contactId === contactId && !l.revokedAt);
    for (const link of live) await deps.store.revokeLink(tenant, year, instanceId, link.linkId, now);
    await deps.store.appendAudit(tenant, year, {
      instanceId,
      at: now.toISOString(),
      actor: 'coordinator',
      action: 'links ingetrokken',
      detail: { partyId, contactId, aantal: live.length, reden },
    });
    let sent = false;
    if (actie === 'opnieuw-versturen') {
      if (!contact.active) throw new HttpProblem(409, 'Contact niet actief', 'Activeer het contact eerst, of kies een ander contact.');
      const fresh = (await deps.store.loadInstance(tenant, year, instanceId))!;
      sent = (await sendNewLink(deps, fresh, contact, { actor: 'coordinator', why: reden, coordinator: true })) === 'sent';
    }
    return jsonResponse(200, { instanceId, partyId, contactId, ingetrokken: live.length, nieuweLinkVerstuurd: sent });
  }, 'json');
}
