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

type LinkDeps = Uses<'store' | 'linkKeys' | 'clock', 'publicBaseUrl' | 'linkGraceDays'>;
type CalendarLinkDeps = Uses<'store' | 'linkKeys' | 'clock', 'publicBaseUrl'>;

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
  let link = scope.existing.find(
    (l) => l.contactId === contact.contactId && l.partyId === contact.partyId && !l.revokedAt && Date.parse(l.expiresAt) > now.getTime(),
  );
  if (!link) {
    link = {
      instanceId: scope.instanceId,
      linkId: randomBytes(12).toString('base64url'),
      partyId: contact.partyId,
      contactId: contact.contactId,
      createdAt: now.toISOString(),
      expiresAt: scope.expiresAt.toISOString(),
    };
    await deps.store.links.put(scope.tenantId, scope.year, link);
    scope.existing.push(link);
  }
  const token = await signLinkToken(
    {
      tenant: scope.tenantId,
      cycle: scope.year,
      instance: scope.instanceId,
      party: link.partyId,
      contact: link.contactId,
      link: link.linkId,
      purpose: scope.purpose,
      expiresAt: Math.floor(Date.parse(link.expiresAt) / 1000),
    },
    deps.linkKeys,
  );
  const path = scope.purpose === 'calendar' ? 'agenda' : 'l';
  return { url: publicUrl(deps.config, `/${path}/${token}`), link };
}

/** A renewed link stays valid at least this long, even when the deadline and grace are past. */
export const RENEWED_LINK_DAYS = 14;

/**
 * A contact's submission link for an instance, valid until the deadline plus the grace period (or,
 * for a renewal, at least `RENEWED_LINK_DAYS` from now).
 */
export function personalLink(deps: LinkDeps, records: InstanceRecords, contact: Contact, options: { renewal?: boolean } = {}) {
  const { instance } = records;
  const now = deps.clock.now().getTime();
  const byDeadline = (lateFromOf(instance)?.getTime() ?? now) + deps.config.linkGraceDays * DAY_MS;
  const expiresAt = new Date(options.renewal ? Math.max(byDeadline, now + RENEWED_LINK_DAYS * DAY_MS) : byDeadline);
  return issueLink(
    deps,
    { tenantId: instance.tenantId, year: instance.year, instanceId: instance.instanceId, purpose: 'submit', expiresAt, existing: records.links },
    contact,
  );
}

/** A contact's calendar subscription link for a cycle year, valid until the year after ends. */
export async function calendarLink(deps: CalendarLinkDeps, tenantId: string, year: number, contact: Contact) {
  const existing = await deps.store.links.list(tenantId, year, CALENDAR_INSTANCE);
  const expiresAt = instantAt({ year: year + 2, month: 1, day: 1 }, '00:00');
  return issueLink(deps, { tenantId, year, instanceId: CALENDAR_INSTANCE, purpose: 'calendar', expiresAt, existing }, contact);
}
