import type { Deps, Uses } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { countSubmission } from '../adapters/metrics.js';
import { ConflictError } from '../adapters/store/index.js';
import type { Attachment } from '../core/attachment.js';
import { lateFromOf } from '../core/instance.js';
import type { InstanceRecords, Submission } from '../core/model.js';
import type { Directory } from '../adapters/store/tenants.js';
import { signReceipt } from '../core/receipt.js';
import { isoDate, localDateOf } from '../core/time.js';
import { recordDate } from './dates.js';
import { forwardStored } from './forwarding.js';
import { stopReminders } from './stop-reminders.js';

export interface SubmissionInput {
  /** Who submits: a party's contact through its link, or the coordinator for a deliverable that came in outside the system. */
  by: { partyId: string; contactId: string; linkId: string };
  /** When it came in; lateness is decided against this moment. */
  submittedAt: Date;
  fields: Record<string, string>;
  attachment?: Attachment;
  /** Identifies the form (or the document) posted: posting it again stores nothing twice. */
  formKey: string;
  /** Refuse a late version when the template does not allow late submissions. */
  refuseLate?: boolean;
  /** The tenant's parties and contacts, when the caller has read them already (the forward needs them). */
  directory?: Directory;
}

export type SubmissionOutcome =
  | { outcome: 'stored'; submission: Submission }
  /** This form was stored before (a double click, a retried POST): its version. */
  | { outcome: 'duplicate'; version: number }
  | { outcome: 'late-refused' }
  /** Another version was stored between reading and writing; nothing was stored. */
  | { outcome: 'raced' };

/**
 * The one way a submission is stored, for the party's link and the coordinator alike: builds the
 * next version, decides lateness, signs the receipt, stores it all or nothing, and, for the first
 * version, gives the deliverables that follow this one their deadline and stops the instance's
 * execution (nothing is left to remind of); then forwards it to the parties it is for (what cannot
 * go out now stays in the outbox for the reconciler).
 */
export async function storeSubmission(
  deps: Uses<'store' | 'engine' | 'receiptSigner' | 'mailer' | 'linkKeys' | 'clock', 'publicBaseUrl'>,
  records: InstanceRecords,
  input: SubmissionInput,
): Promise<SubmissionOutcome> {
  const { instance } = records;
  const { tenantId, year, instanceId } = instance;
  // No read of the form key first: the transaction's own condition on it tells a repeated post.
  const lateFrom = lateFromOf(instance);
  const late = lateFrom !== undefined && input.submittedAt.getTime() >= lateFrom.getTime();
  if (late && input.refuseLate && !instance.lateAllowed) return { outcome: 'late-refused' };
  const content = {
    tenantId,
    year,
    instanceId,
    version: instance.submissionCount + 1,
    submittedAt: input.submittedAt.toISOString(),
    late,
    ...input.by,
    fields: input.fields,
    ...(input.attachment ? { attachment: input.attachment } : {}),
  };
  const submission: Submission = { ...content, receipt: await signReceipt(content, deps.receiptSigner) };
  try {
    await deps.store.submissions.record(submission, input.formKey, instance.submissionCount);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // The same form posted again (a double click, a retried POST) or at once: the other request stored it.
    const winner = await deps.store.submissions.formVersion(tenantId, year, instanceId, input.formKey);
    return winner === undefined ? { outcome: 'raced' } : { outcome: 'duplicate', version: winner };
  }
  logger.info('submission stored', { code: 'SUBMITTED', instanceId, version: submission.version, late });
  countSubmission(submission);
  // The version that closed the instance (a sign-off instance is its own signer's: it closes when
  // that signer signs). A resubmission finds the execution ended already.
  if (instance.status === 'open') await stopReminders(deps, instance, submission.late ? 'te laat ingediend' : 'ingediend');
  // Only an instance that names no followers (stored before they were named) or some is re-planned.
  const followers = instance.followers;
  if (submission.version === 1 && (followers === undefined || followers.length > 0)) await startFollowers(deps, records, submission);
  await forwardStored(deps, { ...records, submissions: [...records.submissions, submission] }, submission, input.directory);
  return { outcome: 'stored', submission };
}

/** Deliverables due some days after this one's submission get their deadline now. */
async function startFollowers(deps: Pick<Deps, 'store' | 'engine'>, records: InstanceRecords, s: Submission): Promise<void> {
  const { tenantId, year, deliverableId } = records.instance;
  try {
    const date = isoDate(localDateOf(new Date(s.submittedAt)));
    await recordDate(deps, { tenantId, year, kind: 'submittedOn', id: deliverableId, date });
  } catch (error) {
    // The submission is stored and its receipt due; the deadlines that follow it are logged for the alarm.
    logger.error('followers not started', { code: 'FOLLOWERS_FAILED', instanceId: s.instanceId, errorName: (error as Error).name });
  }
}
