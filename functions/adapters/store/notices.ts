import type { LinkRecord, NoticeClaim, SlotMark } from '../../core/model.js';
import { keys } from '../table-design.js';
import { directoryVersionKey } from './tenants.js';
import { decode, itemOf, noticeItem } from './items.js';
import type { Table } from './table.js';

/**
 * What the last recipient's settle also records, in the same write: the slot done (its mark), or a
 * forwarded version done (its outbox entry cleared).
 */
export type LedgerDone = { slot: SlotMark } | { forwarded: number };

/**
 * What taking a notice's claim found: ours now, or already handled, or held by a live attempt, or
 * (only when the claim verified a copy of the directory) nothing written and no claim there: that
 * copy is stale, or a claim from before claims named the party holds it. Either way: read the
 * directory again and claim without the check.
 */
export type ClaimOutcome = { claimed: NoticeClaim; takenOver: boolean } | { held: 'done' | 'in-flight' } | { stale: true };

/**
 * The copy of the directory a recipient was chosen from, checked in the claim's transaction: the
 * directory's version still the copy's, and the contact still active at the same address (and a
 * coordinator, for an escalation). The version catches every change written through TenantStore
 * (a contact added, too); the contact's own check still holds should anything write it otherwise.
 */
export interface DirectoryCheck {
  version: number | undefined;
  contact: { email: string; coordinator?: true };
}

/** The ledger of notices: one claim per slot and recipient (party and contact), taken before the mail is sent. */
export class NoticeStore {
  constructor(private readonly table: Table) {}

  private key(tenantId: string, year: number, c: Pick<NoticeClaim, 'instanceId' | 'slotId' | 'partyId' | 'contactId'>) {
    return keys.notice(tenantId, year, c.instanceId, c.slotId, c.partyId, c.contactId);
  }

  /**
   * Claims the notice for one recipient before it is sent. A claim from before claims named the
   * party still counts, for that party only (a coordinator sharing a contact id with the late
   * party is another recipient). A `sending` claim whose lease ran out (its attempt crashed) is
   * taken over; one still leased is in flight elsewhere. With `check`, the kept directory the
   * recipient came from is checked in the same write; with `link`, the new personal link the mail
   * will carry is written in it (so neither costs a round trip of its own).
   */
  async claim(tenantId: string, year: number, claim: NoticeClaim & { leaseUntil: string }, also: { check?: DirectoryCheck; link?: LinkRecord } = {}): Promise<ClaimOutcome> {
    const { check, link } = also;
    const legacy = keys.legacyNotice(tenantId, year, claim.instanceId, claim.slotId, claim.contactId);
    const created = await this.table.transact([
      // A new personal link the mail will carry: written only with the claim (a random id never collides).
      ...(link ? [{ Put: { TableName: this.table.name, Item: itemOf(keys.link(tenantId, year, link.instanceId, link.linkId), 'link', link), ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
      { Put: { TableName: this.table.name, Item: itemOf(this.key(tenantId, year, claim), 'notice', claim), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        ConditionCheck: {
          TableName: this.table.name,
          Key: legacy,
          ConditionExpression: 'attribute_not_exists(pk) OR partyId <> :party',
          ExpressionAttributeValues: { ':party': claim.partyId },
        },
      },
      ...(check ? this.directoryChecks(tenantId, claim, check) : []),
    ]);
    if (created) return { claimed: claim, takenOver: false };
    const item = await this.table.get(this.key(tenantId, year, claim));
    if (!item) return check ? { stale: true } : { held: 'done' }; // without a check: the legacy claim of this recipient
    const existing = decode(noticeItem, item);
    if (existing.state !== 'sending') return { held: 'done' };
    if (existing.leaseUntil && existing.leaseUntil > claim.claimedAt) return { held: 'in-flight' };
    const takenOver = await this.table.conditional(() =>
      this.table.update({
        Key: this.key(tenantId, year, claim),
        UpdateExpression: 'SET attemptId = :mine, leaseUntil = :lease, claimedAt = :at ADD takeovers :one',
        ConditionExpression: 'attemptId = :theirs AND #state = :sending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':mine': claim.attemptId, ':lease': claim.leaseUntil, ':at': claim.claimedAt, ':one': 1, ':theirs': existing.attemptId, ':sending': 'sending' },
      }),
    );
    return takenOver ? { claimed: claim, takenOver: true } : { held: 'in-flight' };
  }

  private directoryChecks(tenantId: string, claim: NoticeClaim, check: DirectoryCheck) {
    const { name } = this.table;
    const version =
      check.version === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'directoryVersion = :version', ExpressionAttributeValues: { ':version': check.version } };
    return [
      { ConditionCheck: { TableName: name, Key: directoryVersionKey(tenantId), ...version } },
      {
        ConditionCheck: {
          TableName: name,
          Key: keys.contact(tenantId, claim.partyId, claim.contactId),
          ConditionExpression: `active = :true AND email = :email${check.contact.coordinator ? ' AND coordinator = :true' : ''}`,
          ExpressionAttributeValues: { ':true': true, ':email': check.contact.email },
        },
      },
    ];
  }

  /**
   * Marks the claim sent; false when another attempt took it over meanwhile (then both may have
   * sent). With `done`, what the slot's last recipient completes is written in the same call.
   */
  markSent(tenantId: string, year: number, claim: NoticeClaim, sentAt: Date, messageId: string, done?: LedgerDone): Promise<boolean> {
    return this.settle(tenantId, year, claim, 'SET #state = :sent, sentAt = :at, messageId = :m', { ':sent': 'sent', ':at': sentAt.toISOString(), ':m': messageId }, done);
  }

  /** Records that SES refused the address for good: the notice is accounted for, and not retried. */
  async markRefused(tenantId: string, year: number, claim: NoticeClaim, refusal: string, done?: LedgerDone): Promise<void> {
    await this.settle(tenantId, year, claim, 'SET #state = :refused, refusal = :why', { ':refused': 'refused', ':why': refusal }, done);
  }

  /** Ends this attempt's claim with `update`, only while the attempt still holds it; with the slot's mark when it is the last. */
  private settle(tenantId: string, year: number, claim: NoticeClaim, update: string, values: Record<string, string>, done?: LedgerDone): Promise<boolean> {
    const settle = {
      TableName: this.table.name,
      Key: this.key(tenantId, year, claim),
      UpdateExpression: update,
      ConditionExpression: 'attemptId = :attempt',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ...values, ':attempt': claim.attemptId },
    };
    if (!done) return this.table.conditional(() => this.table.update(settle));
    // The mark only says the slot is done; written again by a retry, it says the same.
    const also =
      'slot' in done
        ? { Put: { TableName: this.table.name, Item: itemOf(keys.slotMark(tenantId, year, claim.instanceId, done.slot.slotId), 'slot', done.slot) } }
        : { Delete: { TableName: this.table.name, Key: keys.forward(tenantId, year, claim.instanceId, done.forwarded) } };
    return this.table.transact([{ Update: settle }, also]);
  }

  /** Gives a claim back after SES failed for now (an outage, throttling), so a later attempt sends it. */
  async release(tenantId: string, year: number, claim: NoticeClaim): Promise<void> {
    await this.table.conditional(() =>
      this.table.delete({
        Key: this.key(tenantId, year, claim),
        ConditionExpression: 'attemptId = :attempt AND #state = :sending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':attempt': claim.attemptId, ':sending': 'sending' },
      }),
    );
  }

  /** Records a missed notice as carried by a later one to the same recipient; false when it was handled otherwise. */
  merge(tenantId: string, year: number, claim: NoticeClaim & { mergedInto: string }): Promise<boolean> {
    return this.table.create(itemOf(this.key(tenantId, year, claim), 'notice', { ...claim, state: 'merged' }));
  }

  /** Marks a slot done: every recipient's notice is sent, merged or refused. */
  async markSlot(tenantId: string, year: number, instanceId: string, mark: SlotMark): Promise<void> {
    await this.table.put(itemOf(keys.slotMark(tenantId, year, instanceId, mark.slotId), 'slot', mark));
  }
}
