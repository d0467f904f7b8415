import type { Confirmation, Submission } from '../../core/model.js';
import { keys } from '../table-design.js';
import { auditEntryItem } from './audit.js';
import { decode, formItem, forwardItem, itemOf } from './items.js';
import { summaryUpdate } from './summary.js';
import { ConflictError, type Table } from './table.js';

/** Submissions and their receipts: immutable versions, with the form keys that make a retried POST harmless. */
export class SubmissionStore {
  constructor(private readonly table: Table) {}

  /**
   * Stores a submission as the next version, all or nothing: the submission (never overwritten),
   * the instance's new status and count (only if nobody submitted in between), the form's
   * idempotency marker, an audit entry and the status in the cycle's summary.
   */
  async record(submission: Submission, formKey: string, previousCount: number): Promise<void> {
    const { tenantId, year, instanceId, version } = submission;
    const TableName = this.table.name;
    const stored = await this.table.transact([
      {
        Put: {
          TableName,
          Item: itemOf(keys.submission(tenantId, year, instanceId, version), 'submission', submission),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName, Item: itemOf(keys.form(tenantId, year, instanceId, formKey), 'form', { version }), ConditionExpression: 'attribute_not_exists(pk)' } },
      // The version still has to reach the parties it is for: forwarded at once, or by the reconciler.
      { Put: { TableName, Item: itemOf(keys.forward(tenantId, year, instanceId, version), 'forward', { instanceId, version, storedAt: submission.submittedAt }) } },
      {
        Update: {
          TableName,
          Key: keys.instance(tenantId, year, instanceId),
          UpdateExpression: 'SET submissionCount = :next, #status = :status',
          ConditionExpression: 'submissionCount = :prev AND #status <> :waived',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':next': version, ':prev': previousCount, ':status': submission.late ? 'te-laat-ingediend' : 'ingediend', ':waived': 'vrijgesteld' },
        },
      },
      {
        Put: {
          TableName,
          Item: auditEntryItem(tenantId, year, {
            instanceId,
            at: submission.submittedAt,
            actor: `contact:${submission.partyId}/${submission.contactId}`,
            action: 'ingediend',
            detail: { version, late: submission.late, sha256: submission.receipt.contentSha256 },
          }),
        },
      },
      summaryUpdate(this.table, tenantId, year, [{ instanceId, status: submission.late ? 'te-laat-ingediend' : 'ingediend' }]),
    ]);
    if (!stored) throw new ConflictError('submission raced another write');
  }

  /** The versions of a cycle year not yet forwarded to every recipient. */
  async pendingForwards(tenantId: string, year: number): Promise<{ instanceId: string; version: number }[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
      ExpressionAttributeValues: { ':pk': keys.cyclePk(tenantId, year), ':outbox': 'OUTBOX#FORWARD#' },
    });
    return items.map((i) => decode(forwardItem, i));
  }

  /** Every recipient has the version (or was refused for good): nothing left to forward. */
  async forwarded(tenantId: string, year: number, instanceId: string, version: number): Promise<void> {
    await this.table.delete({ Key: keys.forward(tenantId, year, instanceId, version) });
  }

  /**
   * A recipient confirms that a version reached them: the confirmation and its audit entry, once.
   * False when this contact had confirmed this version already (the first confirmation stands).
   */
  async confirm(tenantId: string, year: number, c: Confirmation): Promise<boolean> {
    const TableName = this.table.name;
    return this.table.transact([
      {
        Put: {
          TableName,
          Item: itemOf(keys.confirmation(tenantId, year, c.instanceId, c.version, c.partyId, c.contactId), 'confirmation', c),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName,
          Item: auditEntryItem(tenantId, year, {
            instanceId: c.instanceId,
            at: c.at,
            actor: `contact:${c.partyId}/${c.contactId}`,
            action: 'ontvangst bevestigd',
            detail: { version: c.version, partyId: c.partyId },
          }),
        },
      },
    ]);
  }

  /** The version a form key already produced, if any (a double click or a retried POST). */
  async formVersion(tenantId: string, year: number, instanceId: string, formKey: string): Promise<number | undefined> {
    const item = await this.table.get(keys.form(tenantId, year, instanceId, formKey));
    return item ? decode(formItem, item).version : undefined;
  }
}
