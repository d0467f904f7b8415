import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { publicUrl } from '../adapters/app-config.js';
import type { Uses } from '../adapters/deps.js';
import { deliverablePath } from '../http/routes.js';
import { logger } from '../adapters/logger.js';
import type { Mail } from '../adapters/mailer.js';
import { clauseText, closedReason, dueText, slotsOf } from '../core/instance.js';
import type { Contact } from '../core/model.js';
import { personalLink } from '../services/links.js';
import { sendOnce } from '../services/send-once.js';
import { executionInputSchema, PermanentError } from './task-input.js';
import { escalationMail, noticeMail } from '../views/emails.js';
import { daysBetween, localDateOf, parseIsoDate } from '../core/time.js';

const actInputSchema = executionInputSchema.extend({
  plan: z.object({ action: z.literal('notify'), slotId: z.string().min(1) }),
});

export interface ActResult {
  slotId: string;
  sent: number;
  alreadySent: number;
}

/**
 * Act: sends the notices of one slot. Each recipient's notice is claimed in DynamoDB before it is
 * sent, so a retried task never mails anyone twice; a mail SES refused is released for the retry.
 */
export function createActHandler(deps: Uses<'store' | 'mailer' | 'linkKeys' | 'clock', 'publicBaseUrl' | 'linkGraceDays'>) {
  return async (event: unknown): Promise<ActResult> => {
    const input = actInputSchema.parse(event);
    const { tenantId, year, instanceId } = input;
    const slotId = input.plan.slotId;
    const records = await deps.store.cycles.loadInstance(tenantId, year, instanceId);
    if (!records) throw new PermanentError(`instance ${instanceId} not found`);
    const result: ActResult = { slotId, sent: 0, alreadySent: 0 };
    // A submission that arrived while the execution waited ends the reminders; a changed deadline
    // hands them to the execution of the new revision.
    if (closedReason(records.instance) || (records.instance.revision ?? 0) !== input.revision) return result;
    const slot = slotsOf(records.instance).find((s) => s.id === slotId);
    if (!slot) throw new PermanentError(`slot ${slotId} not in plan`);

    const { instance } = records;
    const due = dueText(instance);
    if (!due) throw new PermanentError(`instance ${instanceId} has no deadline`);
    const { parties, contacts } = await deps.store.tenants.directory(tenantId);
    const party = parties.find((p) => p.partyId === instance.responsible);
    const partyContacts = contacts.filter((c) => c.active && c.partyId === instance.responsible);
    const coordinators = slot.escalate ? contacts.filter((c) => c.active && c.coordinator) : [];
    const common = { deliverableTitle: instance.title, clauseText: clauseText(instance), dueText: due };

    const deliver = async (contact: Contact, compose: () => Promise<Omit<Mail, 'recipient'>>) => {
      const outcome = await sendOnce(deps, { tenantId, year, instanceId, slotId }, contact, compose);
      if (outcome === 'sent') result.sent++;
      else result.alreadySent++;
    };

    for (const contact of partyContacts) {
      await deliver(contact, async () =>
        noticeMail({
          ...common,
          kind: slot.kind,
          to: contact.email,
          contactName: contact.name,
          partyName: party?.name ?? contact.partyId,
          // Days actually left: a reminder caught up after a late opening or an extension says so.
          daysBefore: instance.timing.state === 'dated' ? daysBetween(localDateOf(deps.clock.now()), parseIsoDate(instance.timing.lastDay)) : slot.daysBefore,
          link: (await personalLink(deps, records, contact)).url,
        }),
      );
    }
    for (const coordinator of coordinators) {
      await deliver(coordinator, async () =>
        escalationMail({
          ...common,
          to: coordinator.email,
          coordinatorName: coordinator.name,
          partyName: party?.name ?? instance.responsible,
          overdueNumber: slot.overdueNumber ?? 1,
          statusUrl: publicUrl(deps.config, deliverablePath({ tenant: tenantId, year }, instance.instanceId)),
        }),
      );
    }
    if (partyContacts.length + coordinators.length === 0) {
      // Nobody to mail: record the slot as handled so the plan moves on, and say so in the log.
      await deps.store.notices.claim(tenantId, year, {
        instanceId,
        slotId,
        contactId: 'geen-ontvanger',
        partyId: instance.responsible,
        state: 'sent',
        attemptId: randomUUID(),
        claimedAt: deps.clock.now().toISOString(),
      });
      logger.warn('no recipients', { code: 'NO_RECIPIENTS', instanceId, slotId, partyId: instance.responsible });
    }
    logger.info('notices', { code: 'NOTICES', instanceId, slotId, sent: result.sent, alreadySent: result.alreadySent });
    return result;
  };
}
