import type { Uses } from '../adapters/deps.js';
import { coordinatorCycle } from './auth.js';
import { dueText, slotsOf } from '../core/instance.js';
import { shownStatus, statusLabel } from '../core/model.js';
import { HttpProblem, httpHandler, jsonResponse } from '../http/handler.js';

/**
 * GET /api/tenants/{tenant}/cycles/{year}: every deliverable instance of the year with its timing,
 * status, notices and versions, from one query that returns only what the answer shows (store/status.ts).
 */
export function createCycleStatusHandler(deps: Uses<'store' | 'clock', 'coordinatorAuth'>) {
  return httpHandler(async (event) => {
    const { tenant, year } = await coordinatorCycle(event, deps.config);
    const records = await deps.store.status.load(tenant, year);
    if (records.length === 0) {
      throw new HttpProblem(404, 'Geen cyclus gevonden', `Er is voor ${year} nog geen cyclus geopend voor deze gemeente.`);
    }
    const now = deps.clock.now();
    const deliverables = records
      .map(({ instance, notices, submissions }) => {
        const status = shownStatus(instance, now);
        return {
          instanceId: instance.instanceId,
          deliverableId: instance.deliverableId,
          title: instance.title,
          kind: instance.kind,
          clauses: instance.clauses.map(({ agreement, clause }) => ({ agreement, clause })),
          responsibleParty: instance.responsible,
          timing: instance.timing,
          lastDay: instance.timing.state === 'dated' ? instance.timing.lastDay : null,
          dueText: dueText(instance) ? `uiterlijk ${dueText(instance)}` : null,
          status,
          statusLabel: statusLabel[status],
          ...(instance.period ? { period: instance.period } : {}),
          ...(instance.meeting ? { meeting: instance.meeting } : {}),
          ...(instance.signOff ? { signOff: instance.signOff } : {}),
          reminders: slotsOf(instance).map((slot) => ({
            slotId: slot.id,
            kind: slot.kind,
            plannedAt: slot.at.toISOString(),
            sent: notices
              .filter((n) => n.slotId === slot.id)
              .map((n) => ({ partyId: n.partyId, contactId: n.contactId, state: n.state, sentAt: n.sentAt ?? null })),
          })),
          // Every notice ever sent, also those of an earlier deadline (before an extension).
          notices: notices
            .map((n) => ({ slotId: n.slotId, partyId: n.partyId, contactId: n.contactId, state: n.state, sentAt: n.sentAt ?? null }))
            .sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? '')),
          submissions: submissions
            .sort((a, b) => a.version - b.version)
            .map((s) => ({
              version: s.version,
              submittedAt: s.submittedAt,
              late: s.late,
              partyId: s.partyId,
              contactId: s.contactId,
              fields: s.fields,
              contentSha256: s.receipt.contentSha256,
              signatureKeyId: s.receipt.keyId,
            })),
        };
      })
      .sort((a, b) => (a.lastDay ?? '9999').localeCompare(b.lastDay ?? '9999') || a.instanceId.localeCompare(b.instanceId));
    return jsonResponse(200, { tenantId: tenant, year, generatedAt: now.toISOString(), deliverables });
  }, 'json');
}
