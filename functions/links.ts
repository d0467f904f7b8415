import { randomBytes } from 'node:crypto';
import type { Deps } from './adapters/deps.js';
import type { InstanceRecords } from './adapters/store.js';
import { lateFromOf } from './core/instance.js';
import { signLinkToken } from './core/link-token.js';
import type { Contact, LinkRecord } from './core/model.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The contact's personal link for an instance: the live link record if there is one, or a new one
 * valid until the deadline plus the grace period. The URL is built from the configured base URL only.
 */
export async function personalLink(
  deps: Pick<Deps, 'store' | 'linkKeys' | 'clock' | 'config'>,
  records: InstanceRecords,
  contact: Contact,
): Promise<{ url: string; link: LinkRecord }> {
  const { instance } = records;
  const now = deps.clock.now();
  let link = records.links.find(
    (l) =>
      l.contactId === contact.contactId &&
      l.partyId === contact.partyId &&
      !l.revokedAt &&
      Date.parse(l.expiresAt) > now.getTime(),
  );
  if (!link) {
    link = {
      instanceId: instance.instanceId,
      linkId: randomBytes(12).toString('base64url'),
      partyId: contact.partyId,
      contactId: contact.contactId,
      createdAt: now.toISOString(),
      expiresAt: new Date((lateFromOf(instance) ?? now).getTime() + deps.config.linkGraceDays * DAY_MS).toISOString(),
    };
    await deps.store.putLink(instance.tenantId, instance.year, link);
    records.links.push(link);
  }
  const token = await signLinkToken(
    {
      tenant: instance.tenantId,
      cycle: instance.year,
      instance: instance.instanceId,
      party: link.partyId,
      contact: link.contactId,
      link: link.linkId,
      purpose: 'submit',
      expiresAt: Math.floor(Date.parse(link.expiresAt) / 1000),
    },
    deps.linkKeys,
  );
  return { url: `${deps.config.publicBaseUrl.replace(/\/+$/, '')}/l/${token}`, link };
}
