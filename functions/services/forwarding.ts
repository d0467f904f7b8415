import type { Uses } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { clauseText } from '../core/instance.js';
import type { Directory } from '../adapters/store/tenants.js';
import type { Contact, InstanceRecords, Party, Submission } from '../core/model.js';
import { dutchDate, dutchDateTime, parseIsoDate } from '../core/time.js';
import { forwardMail } from '../views/forward-mail.js';
import { partyLink, readLink, readLinkToIssue } from './links.js';
import { sendOnce, type SendOutcome } from './send-once.js';

export type ForwardDeps = Uses<'store' | 'mailer' | 'linkKeys' | 'clock', 'publicBaseUrl'>;

/** The ledger slot of a version's forward: one notice per version and recipient. */
export const forwardSlotId = (version: number) => `doorsturen-v${version}`;

/** Outcomes after which nothing is left to do for a recipient. */
const DONE: ReadonlySet<SendOutcome> = new Set(['sent', 'already-sent', 'refused']);

/** The contacts a version is forwarded to: every active contact of every party the template's `inform` names. */
export function forwardRecipients(records: InstanceRecords, contacts: Contact[]): Contact[] {
  const inform = new Set(records.instance.inform);
  return contacts.filter((c) => c.active && inform.has(c.partyId) && c.partyId !== records.instance.responsible);
}

/**
 * What a recipient is expected to do with the version: the deliverables that answer it, with their
 * last day once it is known ("Omthuis reageert uiterlijk maandag 15 maart 2027").
 */
async function expectations(deps: ForwardDeps, records: InstanceRecords, parties: Party[]): Promise<string[]> {
  const { tenantId, year } = records.instance;
  return Promise.all(
    (records.instance.followers ?? []).map(async (f) => {
      const name = parties.find((p) => p.partyId === f.responsible)?.name ?? f.responsible;
      const follower = await deps.store.cycles.loadInstance(tenantId, year, f.instanceId);
      const timing = follower?.instance.timing;
      const when = timing?.state === 'dated' ? `uiterlijk ${dutchDate(parseIsoDate(timing.lastDay))}` : `binnen ${f.term ?? `${f.days} dagen`} na ontvangst`;
      return `${name}: ${f.title}, ${when}.`;
    }),
  );
}

/**
 * Forwards a stored version to each contact of each party it is for, exactly once per version and
 * contact (claimed like the reminders), each with a personal read link and the link to their
 * party's page. When every recipient has it (or was refused for good), the version leaves the
 * outbox; otherwise the reconciler tries again. Returns what happened to each recipient.
 */
export async function forwardVersion(
  deps: ForwardDeps,
  tenantId: string,
  year: number,
  instanceId: string,
  version: number,
  /** What the caller read already (the submission that stored the version): not read again. */
  known: { records?: InstanceRecords; directory?: Directory } = {},
): Promise<SendOutcome[]> {
  const records = known.records ?? (await deps.store.cycles.loadInstance(tenantId, year, instanceId));
  const submission = records?.submissions.find((s) => s.version === version);
  if (!records || !submission) {
    logger.error('forward of a version that is not stored', { code: 'FORWARD_MISSING', instanceId, version });
    return [];
  }
  const { parties, contacts } = known.directory ?? (await deps.store.tenants.directory(tenantId));
  const recipients = forwardRecipients(records, contacts);
  const expected = recipients.length > 0 ? await expectations(deps, records, parties) : [];
  const outcomes: SendOutcome[] = [];
  let cleared = false;
  for (const [i, contact] of recipients.entries()) {
    const slot = { tenantId, year, instanceId, slotId: forwardSlotId(version) };
    // The last recipient, when all before it are done, clears the outbox entry in the same write.
    const last = i === recipients.length - 1 && outcomes.every((o) => DONE.has(o));
    // A recipient's first forward of this instance brings its read link: written in the claim, not on its own.
    const link = readLinkToIssue(deps, records, contact);
    const outcome = await sendOnce(
      deps,
      slot,
      contact,
      async () =>
        forwardMail({
          to: contact.email,
          contactName: contact.name,
          fromParty: parties.find((p) => p.partyId === submission.partyId)?.name ?? submission.partyId,
          deliverableTitle: records.instance.title,
          clauseText: clauseText(records.instance),
          version,
          submittedAtText: dutchDateTime(new Date(submission.submittedAt)),
          late: submission.late,
          expectations: expected,
          readLink: (await readLink(deps, records, contact)).url,
          partyLink: await partyLink(deps, tenantId, year, contact),
        }),
      { ...(last ? { done: { forwarded: version } } : {}), ...(link ? { link: { record: link, into: records.links } } : {}) },
    );
    outcomes.push(outcome);
    cleared = last && (outcome === 'sent' || outcome === 'refused');
  }
  if (!cleared && outcomes.every((o) => DONE.has(o))) await deps.store.submissions.forwarded(tenantId, year, instanceId, version);
  logger.info('version forwarded', { code: 'FORWARDED', instanceId, version, recipients: recipients.length, pending: outcomes.filter((o) => !DONE.has(o)).length });
  return outcomes;
}

/** Right after a version is stored: forward it now; what fails stays in the outbox for the reconciler. */
export async function forwardStored(deps: ForwardDeps, records: InstanceRecords, submission: Submission, directory?: Directory): Promise<void> {
  try {
    await forwardVersion(deps, submission.tenantId, submission.year, submission.instanceId, submission.version, { records, ...(directory ? { directory } : {}) });
  } catch (error) {
    logger.warn('forward deferred to the reconciler', { code: 'FORWARD_DEFERRED', instanceId: submission.instanceId, version: submission.version, errorName: (error as Error).name });
  }
}

/** Every version of a cycle year still in the outbox, forwarded again (the reconciler's sweep). */
export async function forwardPending(deps: ForwardDeps, tenantId: string, year: number): Promise<number> {
  const pending = await deps.store.submissions.pendingForwards(tenantId, year);
  for (const p of pending) await forwardVersion(deps, tenantId, year, p.instanceId, p.version);
  return pending.length;
}
