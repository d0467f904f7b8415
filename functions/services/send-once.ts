import { randomUUID } from 'node:crypto';
import type { Deps } from '../adapters/deps.js';
import type { Mail } from '../adapters/mailer.js';
import type { Contact, NoticeClaim } from '../core/model.js';

/** One notice: a slot of an instance (or of a pseudo-instance such as the calendar) in a cycle year. */
export interface NoticeSlot {
  tenantId: string;
  year: number;
  instanceId: string;
  slotId: string;
}

export type SendOutcome = 'sent' | 'already-sent';

/**
 * The one way a mail that must go out exactly once is sent: claim the notice for this recipient
 * with a conditional write, send, then mark the claim sent; if SES refuses, release the claim so a
 * retry may send it. A retried task, a double click or a second opening finds the claim and mails
 * nobody twice. The mail is composed only once the claim is won, so a lost race costs no work.
 */
export async function sendOnce(
  deps: Pick<Deps, 'store' | 'mailer' | 'clock'>,
  slot: NoticeSlot,
  contact: Pick<Contact, 'partyId' | 'contactId'>,
  compose: () => Promise<Omit<Mail, 'recipient'>>,
): Promise<SendOutcome> {
  const { tenantId, year } = slot;
  const claim: NoticeClaim = {
    instanceId: slot.instanceId,
    slotId: slot.slotId,
    contactId: contact.contactId,
    partyId: contact.partyId,
    state: 'sending',
    attemptId: randomUUID(),
    claimedAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.store.notices.claim(tenantId, year, claim))) return 'already-sent';
  let messageId: string;
  try {
    messageId = await deps.mailer.send({ ...(await compose()), recipient: { tenantId, partyId: contact.partyId, contactId: contact.contactId } });
  } catch (error) {
    await deps.store.notices.release(tenantId, year, claim);
    throw error;
  }
  await deps.store.notices.markSent(tenantId, year, claim, deps.clock.now(), messageId);
  return 'sent';
}
