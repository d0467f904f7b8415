import { publicUrl } from '../adapters/app-config.js';
import type { Uses } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import type { Mail } from '../adapters/mailer.js';
import { clauseText, closedReason, dueText, handledSlotIds, slotsOf } from '../core/instance.js';
import type { Contact } from '../core/model.js';
import type { ReminderSlot } from '../core/reminder-plan.js';
import { daysBetween, dutchDateTime, localDateOf, parseIsoDate } from '../core/time.js';
import { deliverablePath } from '../http/routes.js';
import { answeredDocument } from '../services/answered.js';
import { partyLink, personalLink, submitLinkToIssue } from '../services/links.js';
import { sendOnce, type SendOutcome } from '../services/send-once.js';
import { escalationMail, noticeMail } from '../views/emails.js';
import { DirectoryCache, type KeptDirectory } from './directory-cache.js';
import { handOver } from './hand-over.js';
import { stepSchema } from './plan.js';
import { executionInputSchema, NoticesDeferred, NoticesThrottled, PermanentError } from './task-input.js';

const actInputSchema = executionInputSchema.extend({ step: stepSchema });

export interface ActResult {
  slotId: string;
  outcomes: Partial<Record<SendOutcome, number>>;
  /** Earlier notices this one carried, per recipient. */
  merged: number;
  /** A later notice already due, which carries this one (sent by the next step). */
  carriedBy?: string;
}

/** A notice later than this after its planned moment says so. */
const LATE_AFTER_MS = 60 * 60 * 1000;

/**
 * Act: sends the notices of one slot, each recipient's once (services/send-once.ts). Earlier
 * notices that could not go out in time (an outage, a late opening) are never skipped: this notice
 * carries them, says so, and the ledger records each as merged into it. When SES takes a notice
 * not yet, Act throws NoticesThrottled or NoticesDeferred after what it could send: the workflow's
 * Retry tries again with jittered backoff (seconds for throttling, up to an hour for an outage),
 * for as long as it takes. The hand-over step starts the next generation's execution.
 */
export function createActHandler(deps: Uses<'store' | 'mailer' | 'linkKeys' | 'clock' | 'engine', 'publicBaseUrl' | 'linkGraceDays'>) {
  const directories = new DirectoryCache(deps.store.tenants);
  return async (event: unknown): Promise<ActResult | { started: boolean }> => {
    const input = actInputSchema.parse(event);
    if (input.step.action === 'handover') return handOver(deps, input);
    const { tenantId, year, instanceId } = input;
    const { slotId } = input.step;
    const records = await deps.store.cycles.loadInstance(tenantId, year, instanceId);
    if (!records) throw new PermanentError(`instance ${instanceId} not found`);
    const result: ActResult = { slotId, outcomes: {}, merged: 0 };
    // A submission that arrived while the execution waited ends the reminders; a changed deadline
    // hands them to the execution of the new revision.
    if (closedReason(records.instance) || (records.instance.revision ?? 0) !== input.revision) return result;
    const slots = slotsOf(records.instance);
    const slot = slots.find((s) => s.id === slotId);
    if (!slot) throw new PermanentError(`slot ${slotId} not in plan`);
    const now = deps.clock.now();
    const handled = handledSlotIds(records);
    // Held up past the next notice's moment (an outage): that one goes out instead and carries this one.
    const later = slots.find((s) => s.at > slot.at && s.at.getTime() <= now.getTime() && !handled.has(s.id));
    if (later) return { ...result, carriedBy: later.id };
    const { instance } = records;
    const due = dueText(instance);
    const timing = instance.timing;
    if (!due || timing.state !== 'dated') throw new PermanentError(`instance ${instanceId} has no deadline`);

    const common = { deliverableTitle: instance.title, clauseText: clauseText(instance), dueText: due };
    const late = now.getTime() - slot.at.getTime() > LATE_AFTER_MS ? { plannedText: dutchDateTime(slot.at) } : {};
    const done = (o: SendOutcome) => o === 'sent' || o === 'already-sent' || o === 'refused';
    // Per recipient (and role: a coordinator of the late party is also an escalation's recipient), what this run got.
    const settled = new Map<string, SendOutcome>();

    /** Sends to the recipients of `kept` not settled yet; undefined when a claim found the kept copy stale. */
    const deliver = async ({ directory, fresh }: KeptDirectory) => {
      const { parties, contacts } = directory;
      const party = parties.find((p) => p.partyId === instance.responsible);
      const recipientsOf = (s: ReminderSlot) => [
        ...contacts.filter((c) => c.active && c.partyId === instance.responsible).map((c) => ({ contact: c, escalation: false })),
        ...(s.escalate ? contacts.filter((c) => c.active && c.coordinator).map((c) => ({ contact: c, escalation: true })) : []),
      ];
      const missed = slots.filter((s) => s.at < slot.at && !handled.has(s.id));
      const recipients = recipientsOf(slot);
      let marked = false;
      for (const [i, { contact, escalation }] of recipients.entries()) {
        const who = `${escalation ? 'escalation' : 'party'}#${contact.partyId}#${contact.contactId}`;
        if (settled.has(who)) continue;
        const carried = missed.filter((s) => recipientsOf(s).some((r) => r.contact === contact));
        const compose = async (): Promise<Omit<Mail, 'recipient'>> =>
          escalation
            ? escalationMail({
                ...common,
                to: contact.email,
                coordinatorName: contact.name,
                partyName: party?.name ?? instance.responsible,
                overdueNumber: slot.overdueNumber ?? 1,
                statusUrl: publicUrl(deps.config, deliverablePath({ tenant: tenantId, year }, instance.instanceId)),
                partyLink: await partyLink(deps, tenantId, year, contact),
              })
            : noticeMail({
                ...common,
                ...late,
                missed: carried.length,
                kind: slot.kind,
                to: contact.email,
                contactName: contact.name,
                partyName: party?.name ?? contact.partyId,
                // Days actually left: a notice caught up after an outage, a late opening or an extension says so.
                daysLeft: daysBetween(localDateOf(now), parseIsoDate(timing.lastDay)),
                link: (await personalLink(deps, records, contact as Contact)).url,
                answers: await answeredDocument(deps, records, contact),
                partyLink: await partyLink(deps, tenantId, year, contact),
              });
        // The last recipient, when all before it are done, settles with the slot's mark in one write.
        const allDoneBefore = [...settled.values()].every(done);
        const last = i === recipients.length - 1 && allDoneBefore && missed.length === 0;
        const mark = { slotId, at: now.toISOString(), recipients: recipients.length };
        // A kept copy of the directory may be stale: the claim checks it in the same write (no round trip more).
        const check = fresh ? undefined : { version: directory.version, contact: { email: contact.email, ...(escalation ? { coordinator: true as const } : {}) } };
        // A contact's first notice brings its personal link: written in the claim, not on its own.
        const link = escalation ? undefined : submitLinkToIssue(deps, records, contact);
        const outcome = await sendOnce(deps, { tenantId, year, instanceId, slotId }, contact, compose, {
          ...(last ? { done: { slot: mark } } : {}),
          ...(check ? { check } : {}),
          ...(link ? { link: { record: link, into: records.links } } : {}),
        });
        if (outcome === 'stale') return undefined;
        settled.set(who, outcome);
        // Recorded once this recipient's claim stood: a stale copy's recipient carries nothing.
        for (const earlier of carried) {
          const entry = { instanceId, slotId: earlier.id, partyId: contact.partyId, contactId: contact.contactId, attemptId: slotId, claimedAt: now.toISOString(), leaseUntil: now.toISOString(), mergedInto: slotId };
          if (await deps.store.notices.merge(tenantId, year, { ...entry, state: 'merged' })) result.merged++;
        }
        marked = last && (outcome === 'sent' || outcome === 'refused');
      }
      return { recipients, recipientsOf, missed, marked };
    };

    let sent = await deliver(await directories.get(tenantId));
    if (!sent) {
      // The directory changed since it was kept: read it now and send to whom it names now, without a check.
      logger.info('directory changed since it was kept', { code: 'DIRECTORY_STALE', instanceId, slotId });
      sent = await deliver(await directories.refresh(tenantId));
      if (!sent) throw new Error(`DIRECTORY_STALE twice for ${instanceId} ${slotId}`); // a fresh directory is never checked
    }
    const { recipients, recipientsOf, missed, marked } = sent;
    for (const outcome of settled.values()) result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
    const pending = (result.outcomes.deferred ?? 0) + (result.outcomes['in-flight'] ?? 0) + (result.outcomes.throttled ?? 0);
    logger.info('notices', { code: 'NOTICES', instanceId, slotId, ...result.outcomes, merged: result.merged });
    if (pending > 0) {
      // Throttling clears within seconds: a short backoff keeps the herd near SES's rate; an outage backs off to an hour.
      const detail = `${pending} of ${recipients.length} notices of ${instanceId} ${slotId} not taken yet`;
      throw pending === (result.outcomes.throttled ?? 0) ? new NoticesThrottled(detail) : new NoticesDeferred(detail);
    }
    // The notices this one carried are handled once it went out (a retry still names them in its mail).
    for (const earlier of missed) await deps.store.notices.markSlot(tenantId, year, instanceId, { slotId: earlier.id, at: now.toISOString(), recipients: recipientsOf(earlier).length });
    if (!marked) {
      await deps.store.notices.markSlot(tenantId, year, instanceId, { slotId, at: now.toISOString(), recipients: recipients.length });
      if (recipients.length === 0) logger.warn('no recipients', { code: 'NO_RECIPIENTS', instanceId, slotId, partyId: instance.responsible });
    }
    return result;
  };
}
