import type { Deps } from '../adapters/deps.js';
import { verifyLinkToken } from '../core/link-token.js';
import type { Contact, InstanceRecords, LinkRecord, Party } from '../core/model.js';
import { purposeOf } from '../services/links.js';
import type { LinkProblem } from '../views/link-pages.js';

/** What a genuine, live read link opens: a deliverable submitted for the link's party, and who reads it. */
export interface ReadContext {
  token: string;
  records: InstanceRecords;
  link: LinkRecord;
  contact: Contact;
  parties: Party[];
}

export type ResolvedRead = { ok: true; ctx: ReadContext } | { ok: false; problem: LinkProblem; renewable?: boolean };

/**
 * A read link's token, verified (constant time, expiry) and checked against what is stored: a read
 * link record of this party and contact, unrevoked, for a deliverable the template says this party
 * receives, and a contact still active. A submission or calendar token never opens it.
 */
export async function resolveReadLink(deps: Pick<Deps, 'store' | 'linkKeys' | 'clock'>, token: string): Promise<ResolvedRead> {
  const check = await verifyLinkToken(token, deps.linkKeys, deps.clock.now());
  if (!check.ok) return { ok: false, problem: check.problem, renewable: check.problem === 'expired' && check.claims?.purpose === 'read' };
  const c = check.claims;
  if (c.purpose !== 'read') return { ok: false, problem: 'not-found' };
  const records = await deps.store.cycles.loadInstance(c.tenant, c.cycle, c.instance);
  const link = records?.links.find((l) => l.linkId === c.link);
  if (!records || !link || purposeOf(link) !== 'read' || link.partyId !== c.party || link.contactId !== c.contact) return { ok: false, problem: 'not-found' };
  if (link.revokedAt) return { ok: false, problem: 'revoked' };
  if (!records.instance.inform.includes(link.partyId)) return { ok: false, problem: 'other-party' };
  const { parties, contacts } = await deps.store.tenants.directory(c.tenant);
  const contact = contacts.find((x) => x.partyId === c.party && x.contactId === c.contact);
  if (!contact || !contact.active) return { ok: false, problem: 'not-found' };
  return { ok: true, ctx: { token, records, link, contact, parties } };
}
