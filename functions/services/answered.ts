import type { Uses } from '../adapters/deps.js';
import type { Contact, InstanceRecords } from '../core/model.js';
import { liveLink, urlOfLink } from './links.js';

/**
 * The document a deliverable answers (the reaction to an advice answers the advice), with the
 * contact's read link to it: for its reminders and its form. Only when the answered deliverable was
 * submitted and forwarded to this contact (the forward issued the read link); nothing is written.
 */
export async function answeredDocument(
  deps: Uses<'store' | 'linkKeys' | 'clock', 'publicBaseUrl'>,
  records: InstanceRecords,
  contact: Pick<Contact, 'partyId' | 'contactId'>,
): Promise<{ title: string; readLink: string } | undefined> {
  const answers = records.instance.answers;
  if (!answers) return undefined;
  const { tenantId, year } = records.instance;
  const links = await deps.store.links.list(tenantId, year, answers.instanceId);
  const link = liveLink(links, contact, 'read', deps.clock.now());
  return link ? { title: answers.title, readLink: await urlOfLink(deps, tenantId, year, 'read', link) } : undefined;
}
