import type { Submission } from '../../core/model.js';
import { keys } from '../table-design.js';
import { auditEntryItem } from './audit.js';
import { decode, formItem, itemOf } from './items.js';
import { ConflictError, type Table } from './table.js';

/** Submissions and their receipts: immutable versions, with the form keys that make a retried POST harmless. */
export class SubmissionStore {
  constructor(private readonly table: Table) {}

  /**
   * Stores a submission as the next version, all or nothing: the submission (never overwritten),
   * the instance's new status and count (only if nobody submitted in between), the form's
   * idempotency marker and an audit entry.
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
    ]);
    if (!stored) throw new ConflictError('submission raced another write');
  }

  /** The version a form key already produced, if any (a double click or a retried POST). */
  async formVersion(tenantId: string, year: number, instanceId: string, formKey: string): Promise<number | undefined> {
    const item = await this.table.get(keys.form(tenantId, year, instanceId, formKey));
    return item ? decode(formItem, item).version : undefined;
  }
}
