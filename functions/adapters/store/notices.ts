import type { NoticeClaim } from '../../core/model.js';
import { keys } from '../table-design.js';
import { itemOf } from './items.js';
import type { Table } from './table.js';

/** The ledger of notices: one claim per slot and recipient, taken before the mail is sent. */
export class NoticeStore {
  constructor(private readonly table: Table) {}

  /** Claims a notice for one recipient before it is sent; false when it was claimed before. */
  claim(tenantId: string, year: number, claim: NoticeClaim): Promise<boolean> {
    return this.table.create(itemOf(keys.notice(tenantId, year, claim.instanceId, claim.slotId, claim.contactId), 'notice', claim));
  }

  async markSent(tenantId: string, year: number, claim: NoticeClaim, sentAt: Date, messageId: string): Promise<void> {
    await this.table.update({
      Key: keys.notice(tenantId, year, claim.instanceId, claim.slotId, claim.contactId),
      UpdateExpression: 'SET #state = :sent, sentAt = :at, messageId = :m',
      ConditionExpression: 'attemptId = :attempt',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':sent': 'sent', ':at': sentAt.toISOString(), ':m': messageId, ':attempt': claim.attemptId },
    });
  }

  /** Gives a claim back after SES refused the mail, so the retried task may send it. */
  async release(tenantId: string, year: number, claim: NoticeClaim): Promise<void> {
    await this.table.delete({
      Key: keys.notice(tenantId, year, claim.instanceId, claim.slotId, claim.contactId),
      ConditionExpression: 'attemptId = :attempt AND #state = :sending',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':attempt': claim.attemptId, ':sending': 'sending' },
    });
  }
}
