import { randomBytes } from 'node:crypto';
import { publicUrl } from '../adapters/app-config.js';
import type { Uses } from '../adapters/deps.js';
import type { InstanceRecords } from '../adapters/store/index.js';
import { lateFromOf } from '../core/instance.js';
import { signLinkToken, type LinkClaims } from '../core/link-token.js';
import type { Contact, LinkRecord } from '../core/model.js';
import { instantAt } from '../core/time.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The pseudo-instance a party's calendar links hang under (template ids cannot start with "_"). */
export const CALENDAR_INSTANCE = '_agenda';
/** The pseudo-instance of a party's page ("Mijn prestatieafspraken"); its links have no record. */
export const PARTY_INSTANCE = '_partij';
/** The link id every party-page token carries: the page checks the contact, not a link record. */
export const PARTY_LINK_ID = 'partij';

/** Where each purpose's links open. */
const pathOf: Record<LinkClaims['purpose'], string> = { submit: 'l', read: 'lezen', calendar: 'agenda', party: 'partij' };

/** The purpose a link record was issued for (submission links carry none). */
export const purposeOf = (link: LinkRecord): 'submit' | 'read' => link.purpose ?? 'submit';

type LinkDeps = Uses<'store' | 'linkKeys' | 'clock', 'publicBaseUrl' | 'linkGraceDays'>;
type CalendarLinkDeps = Uses<'store' | 'linkKeys' | 'clock', 'publicBaseUrl'>;

/** The record of a new link: a random id, never written yet. */
function newLink(instanceId: string, purpose: 'submit' | 'read', contact: Pick<Contact, 'partyId' | 'contactId'>, now: Date, expiresAt: Date): LinkRecord {
  return {
    instanceId,
    linkId: randomBytes(12).toString('base64url'),
    ...(purpose === 'read' ? { purpose: 'read' as const } : {}),
    partyId: contact.partyId,
    contactId: contact.contactId,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  };
}

/**
 * The contact's live link for an instance and purpose, or a new one. The URL is built from the
 * configured base URL only, never from a request.
 */
async function issueLink(
  deps: CalendarLinkDeps,
  scope: { tenantId: string; year: number; instanceId: string; purpose: LinkClaims['purpose']; expiresAt: Date; existing: LinkRecord[] },
  contact: Contact,
): Promise<{ url: string; link: LinkRecord }> {
  const now = deps.clock.now();
  const recordPurpose = scope.purpose === 'read' ? 'read' : 'submit';
  let link = liveLink(scope.existing, contact, recordPurpose, now);
  if (!link) {
    link = newLink(scope.instanceId, recordPurpose, contact, now, scope.expiresAt);
    await deps.store.links.put(scope.tenantId, scope.year, link);
    scope.existing.push(link);
  }
  return { url: await urlOfLink(deps, scope.tenantId, scope.year, scope.purpose, link), link };
}

/** A contact's live (unrevoked, unexpired) link record of one purpose, if any: reading it changes nothing. */
export function liveLink(existing: LinkRecord[], contact: Pick<Contact, 'partyId' | 'contactId'>, purpose: 'submit' | 'read', now: Date): LinkRecord | undefined {
  return existing.find(
    (l) => l.contactId === contact.contactId && l.partyId === contact.partyId && purposeOf(l) === purpose && !l.revokedAt && Date.parse(l.expiresAt) > now.getTime(),
  );
}

/** The signed URL of an existing link record (signing writes nothing, so a GET page may do it). */
export async function urlOfLink(
  deps: Uses<'linkKeys', 'publicBaseUrl'>,
  tenantId: string,
  year: number,
  purpose: LinkClaims['purpose'],
  link: Pick<LinkRecord, 'instanceId' | 'partyId' | 'contactId' | 'linkId' | 'expiresAt'>,
): Promise<string> {
  const token = await signLinkToken(
    {
      tenant: tenantId,
      cycle: year,
      instance: link.instanceId,
      party: link.partyId,
      contact: link.contactId,
      link: link.linkId,
      purpose,
      expiresAt: Math.floor(Date.parse(link.expiresAt) / 1000),
    },
    deps.linkKeys,
  );
  return publicUrl(deps.config, `/${pathOf[purpose]}/${token}`);
}

/** Read links, calendar and party pages stay valid until the year after the cycle year ends. */
const untilYearAfter = (year: number) => instantAt({ year: year + 2, month: 1, day: 1 }, '00:00');

/** A renewed link stays valid at least this long, even when the deadline and grace are past. */
export const RENEWED_LINK_DAYS = 14;

/**
 * A contact's submission link for an instance, valid until the deadline plus the grace period (or,
 * for a renewal, at least `RENEWED_LINK_DAYS` from now).
 */
export function personalLink(deps: LinkDeps, records: InstanceRecords, contact: Contact, options: { renewal?: boolean } = {}) {
  const { instance } = records;
  return issueLink(
    deps,
    { tenantId: instance.tenantId, year: instance.year, instanceId: instance.instanceId, purpose: 'submit', expiresAt: submitExpiry(deps, instance, options.renewal), existing: records.links },
    contact,
  );
}

/** Until the deadline plus the grace period; a renewal at least `RENEWED_LINK_DAYS` from now. */
function submitExpiry(deps: LinkDeps, instance: InstanceRecords['instance'], renewal = false): Date {
  const now = deps.clock.now().getTime();
  const byDeadline = (lateFromOf(instance)?.getTime() ?? now) + deps.config.linkGraceDays * DAY_MS;
  return new Date(renewal ? Math.max(byDeadline, now + RENEWED_LINK_DAYS * DAY_MS) : byDeadline);
}

/** Until the year after the cycle year ends; a renewal at least `RENEWED_LINK_DAYS` from now. */
function readExpiry(deps: CalendarLinkDeps, year: number, renewal = false): Date {
  const floor = deps.clock.now().getTime() + RENEWED_LINK_DAYS * DAY_MS;
  return new Date(renewal ? Math.max(untilYearAfter(year).getTime(), floor) : untilYearAfter(year).getTime());
}

/**
 * The record of the submission link a notice to this contact will carry, when the contact has no
 * live one yet: written in the notice's claim (services/send-once.ts), so a first notice costs no
 * round trip more than the next. Undefined when a live link exists (the mail carries that one).
 */
export function submitLinkToIssue(deps: LinkDeps, records: InstanceRecords, contact: Pick<Contact, 'partyId' | 'contactId'>): LinkRecord | undefined {
  return toIssue(deps, records, contact, 'submit', () => submitExpiry(deps, records.instance));
}

/** The same for the read link a forward carries. */
export function readLinkToIssue(deps: CalendarLinkDeps, records: InstanceRecords, contact: Pick<Contact, 'partyId' | 'contactId'>): LinkRecord | undefined {
  return toIssue(deps, records, contact, 'read', () => readExpiry(deps, records.instance.year));
}

function toIssue(deps: Uses<'clock'>, records: InstanceRecords, contact: Pick<Contact, 'partyId' | 'contactId'>, purpose: 'submit' | 'read', expiry: () => Date): LinkRecord | undefined {
  const now = deps.clock.now();
  return liveLink(records.links, contact, purpose, now) ? undefined : newLink(records.instance.instanceId, purpose, contact, now, expiry());
}

/** A contact's calendar subscription link for a cycle year, valid until the year after ends. */
export async function calendarLink(deps: CalendarLinkDeps, tenantId: string, year: number, contact: Contact) {
  const existing = await deps.store.links.list(tenantId, year, CALENDAR_INSTANCE);
  return issueLink(deps, { tenantId, year, instanceId: CALENDAR_INSTANCE, purpose: 'calendar', expiresAt: untilYearAfter(year), existing }, contact);
}

/**
 * A contact's read link for a deliverable another party submitted for them: one record per contact
 * and instance (it opens every version), revocable by the coordinator like a submission link.
 */
export function readLink(deps: CalendarLinkDeps, records: InstanceRecords, contact: Contact, options: { renewal?: boolean } = {}) {
  const { instance } = records;
  return issueLink(
    deps,
    { tenantId: instance.tenantId, year: instance.year, instanceId: instance.instanceId, purpose: 'read', expiresAt: readExpiry(deps, instance.year, options.renewal), existing: records.links },
    contact,
  );
}

/**
 * A contact's link to their party's page for a cycle year. It has no record (so every mail can carry
 * it without a write): the page checks that the contact is still an active contact of the party.
 */
export function partyLink(deps: Uses<'linkKeys', 'publicBaseUrl'>, tenantId: string, year: number, contact: Pick<Contact, 'partyId' | 'contactId'>): Promise<string> {
  const link = { instanceId: PARTY_INSTANCE, partyId: contact.partyId, contactId: contact.contactId, linkId: PARTY_LINK_ID, expiresAt: untilYearAfter(year).toISOString() };
  return urlOfLink(deps, tenantId, year, 'party', link);
}
