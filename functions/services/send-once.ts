import { randomUUID } from 'node:crypto';
import type { Deps } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { countNoticeSent } from '../adapters/metrics.js';
import type { Mail } from '../adapters/mailer.js';
import type { Contact, LinkRecord, NoticeClaim } from '../core/model.js';
import type { DirectoryCheck, LedgerDone } from '../adapters/store/notices.js';

/** One notice: a slot of an instance (or of a pseudo-instance such as the calendar) in a cycle year. */
export interface NoticeSlot {
  tenantId: string;
  year: number;
  instanceId: string;
  slotId: string;
}

/**
 * `sent`: this attempt mailed it. `already-sent`: the ledger has it (sent, merged or refused).
 * `in-flight`: another attempt holds it now. `deferred`: SES failed for now; the claim is given back
 * and a later attempt sends it (`throttled`: the same, because SES's sending rate was reached).
 * `refused`: SES refused the address for good. `stale`: only with a directory check: nothing was
 * claimed or sent, because the directory the recipient came from changed since it was read (or a
 * claim from before claims named the party holds the notice); read it again and send without one.
 */
export type SendOutcome = 'sent' | 'already-sent' | 'in-flight' | 'deferred' | 'throttled' | 'refused' | 'stale';

/** Longer than any attempt can take (a Lambda runs at most 29 s here): a claim still held after it was left by a crash. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;

/** SES errors that no retry changes: the address or the message is refused. Anything else is retried. */
const PERMANENT = new Set(['MessageRejected', 'InvalidParameterValue', 'AccountSendingPausedException', 'MailFromDomainNotVerifiedException']);

export function isPermanentRefusal(error: unknown): boolean {
  return PERMANENT.has((error as { name?: string }).name ?? '');
}

export interface SendOptions {
  /** When this is the slot's last recipient and the rest are done: what that completes, written with this one's. */
  done?: LedgerDone;
  /** When the recipient was chosen from a kept copy of the directory: checked in the claim's write. */
  check?: DirectoryCheck;
  /**
   * A new personal link the mail will carry (services/links.ts `submitLinkToIssue`): written in the
   * claim's transaction, then added to `into` (the instance's links) so that compose finds it live.
   */
  link?: { record: LinkRecord; into: LinkRecord[] };
}

/**
 * The one way a mail that must go out exactly once is sent: claim the notice for this recipient
 * with a conditional write, send, then mark the claim sent. If SES fails for now, the claim is
 * given back (deferred); if it refuses the address, the claim says so and the contact is marked.
 * A claim left `sending` by a crash is taken over after its lease: the mail may then go out twice,
 * which is logged and counted (the rare duplicate the promise allows rather than a lost notice).
 * The mail is composed only once the claim is won, so a lost race costs no work.
 */
export async function sendOnce(
  deps: Pick<Deps, 'store' | 'mailer' | 'clock'>,
  slot: NoticeSlot,
  contact: Pick<Contact, 'partyId' | 'contactId'>,
  compose: () => Promise<Omit<Mail, 'recipient'>>,
  options: SendOptions = {},
): Promise<SendOutcome> {
  const { done, check, link } = options;
  const { tenantId, year } = slot;
  const now = deps.clock.now();
  const claim: NoticeClaim & { leaseUntil: string } = {
    instanceId: slot.instanceId,
    slotId: slot.slotId,
    contactId: contact.contactId,
    partyId: contact.partyId,
    state: 'sending',
    attemptId: randomUUID(),
    claimedAt: now.toISOString(),
    leaseUntil: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(),
  };
  const taken = await deps.store.notices.claim(tenantId, year, claim, { check, link: link?.record });
  if ('stale' in taken) return 'stale';
  if ('held' in taken) return taken.held === 'done' ? 'already-sent' : 'in-flight';
  // Written with the claim (not with a claim taken over: then compose writes it, as without one).
  if (link && !taken.takenOver) link.into.push(link.record);
  if (taken.takenOver) logger.warn('notice claim taken over after its lease', { code: 'CLAIM_TAKEN_OVER', instanceId: slot.instanceId, slotId: slot.slotId });
  let messageId: string;
  try {
    messageId = await deps.mailer.send({ ...(await compose()), recipient: { tenantId, partyId: contact.partyId, contactId: contact.contactId } });
  } catch (error) {
    const errorName = (error as Error).name;
    if (isPermanentRefusal(error)) {
      await deps.store.notices.markRefused(tenantId, year, claim, errorName, done);
      await deps.store.tenants.recordBounce(tenantId, contact.partyId, contact.contactId, { at: deps.clock.now().toISOString(), type: 'Geweigerd' });
      logger.warn('notice refused by SES', { code: 'NOTICE_REFUSED', instanceId: slot.instanceId, slotId: slot.slotId, errorName });
      return 'refused';
    }
    await deps.store.notices.release(tenantId, year, claim);
    logger.warn('notice deferred', { code: 'NOTICE_DEFERRED', instanceId: slot.instanceId, slotId: slot.slotId, errorName });
    return /throttl|TooManyRequests|rate exceeded/i.test(`${errorName} ${(error as Error).message}`) ? 'throttled' : 'deferred';
  }
  countNoticeSent(slot);
  if (!(await deps.store.notices.markSent(tenantId, year, claim, deps.clock.now(), messageId, done))) {
    logger.warn('notice sent twice: another attempt took the claim over meanwhile', { code: 'NOTICE_DUPLICATE', instanceId: slot.instanceId, slotId: slot.slotId });
  }
  return 'sent';
}
