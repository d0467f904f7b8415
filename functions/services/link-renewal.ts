import type { Uses } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import type { LinkClaims } from '../core/link-token.js';
import type { Contact, LinkRecord } from '../core/model.js';
import { dutchDateTime, isoDate, localDateOf } from '../core/time.js';
import type { InstanceRecords } from '../adapters/store/index.js';
import { HttpProblem } from '../http/handler.js';
import { partyLink, personalLink, readLink, purposeOf } from './links.js';
import { sendOnce } from './send-once.js';
import { newLinkMail } from '../views/emails.js';

type RenewalDeps = Uses<'store' | 'mailer' | 'linkKeys' | 'clock', 'publicBaseUrl' | 'linkGraceDays'>;

export type RenewalOutcome = 'sent' | 'already-sent-today' | 'refused';

/**
 * Mails a fresh link to the contact on record, never to an address the request names. At most once
 * a day per contact and instance (claimed like a notice), so the button cannot be used to flood a
 * mailbox.
 */
export async function sendNewLink(
  deps: RenewalDeps,
  records: InstanceRecords,
  contact: Contact,
  reason: { actor: string; why: string; coordinator?: boolean; purpose?: 'submit' | 'read' },
): Promise<RenewalOutcome> {
  const { instance } = records;
  const now = deps.clock.now();
  const read = reason.purpose === 'read';
  // A party may ask once a day; the coordinator's reissue is always sent (and claimed on its own).
  const kind = read ? 'leeslink' : 'link';
  const slotId = reason.coordinator ? `${kind}-opnieuw-${now.toISOString()}` : `nieuwe-${kind}-${isoDate(localDateOf(now))}`;
  let issued: LinkRecord | undefined;
  const outcome = await sendOnce(deps, { tenantId: instance.tenantId, year: instance.year, instanceId: instance.instanceId, slotId }, contact, async () => {
    const { url, link } = await (read ? readLink : personalLink)(deps, records, contact, { renewal: true });
    issued = link;
    return newLinkMail({
      to: contact.email,
      contactName: contact.name,
      deliverableTitle: instance.title,
      link: url,
      expiresText: dutchDateTime(new Date(link.expiresAt)),
      partyLink: await partyLink(deps, instance.tenantId, instance.year, contact),
    });
  });
  if (outcome === 'already-sent') return 'already-sent-today';
  if (outcome === 'deferred' || outcome === 'throttled' || outcome === 'in-flight') {
    throw new HttpProblem(503, 'De e-mail kon nu niet worden verstuurd', 'Er is nog niets verstuurd. Probeer het over een paar minuten opnieuw.');
  }
  if (outcome === 'refused') {
    throw new HttpProblem(409, 'Het e-mailadres wordt geweigerd', 'De e-mail naar het bekende adres werd geweigerd. Neem contact op met de coördinator van de prestatieafspraken om het adres te laten aanpassen.');
  }
  await deps.store.audit.append(instance.tenantId, instance.year, {
    instanceId: instance.instanceId,
    at: now.toISOString(),
    actor: reason.actor,
    action: 'nieuwe link verstuurd',
    detail: { partyId: contact.partyId, contactId: contact.contactId, linkId: issued!.linkId, reden: reason.why },
  });
  logger.info('new link sent', { code: 'LINK_RENEWED', instanceId: instance.instanceId });
  return 'sent';
}

/** A party asks for a new link from an expired (but genuine, unrevoked) one. */
export async function renewFromExpired(deps: RenewalDeps, claims: LinkClaims): Promise<RenewalOutcome> {
  if (claims.purpose !== 'submit' && claims.purpose !== 'read') return 'refused';
  const records = await deps.store.cycles.loadInstance(claims.tenant, claims.cycle, claims.instance);
  const link = records?.links.find((l) => l.linkId === claims.link && l.partyId === claims.party && l.contactId === claims.contact && purposeOf(l) === claims.purpose);
  if (!records || !link || link.revokedAt) return 'refused';
  // A link the party could not use (another party's form, a document not meant for it) is never renewed.
  const usable = claims.purpose === 'submit' ? records.instance.status !== 'vrijgesteld' && link.partyId === records.instance.responsible : records.instance.inform.includes(link.partyId);
  if (!usable) return 'refused';
  const contact = (await deps.store.tenants.getContact(claims.tenant, claims.party, claims.contact)) ?? undefined;
  if (!contact || !contact.active) return 'refused';
  return sendNewLink(deps, records, contact, { actor: `contact:${contact.partyId}/${contact.contactId}`, why: 'verlopen link', purpose: claims.purpose });
}
