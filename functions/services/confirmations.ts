import type { Uses } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import type { Contact, InstanceRecords } from '../core/model.js';

export type ConfirmOutcome = 'confirmed' | 'already-confirmed' | 'no-such-version';

/**
 * A recipient confirms that a version reached their party: recorded once per version and contact,
 * immutably, with its audit entry. Confirming again changes nothing (the first moment stands).
 */
export async function confirmReceipt(
  deps: Uses<'store' | 'clock'>,
  records: InstanceRecords,
  contact: Pick<Contact, 'partyId' | 'contactId'>,
  version: number,
): Promise<ConfirmOutcome> {
  const { tenantId, year, instanceId } = records.instance;
  if (!records.submissions.some((s) => s.version === version)) return 'no-such-version';
  const at = deps.clock.now().toISOString();
  const stored = await deps.store.submissions.confirm(tenantId, year, { instanceId, version, partyId: contact.partyId, contactId: contact.contactId, at });
  if (stored) logger.info('receipt confirmed', { code: 'CONFIRMED', instanceId, version });
  return stored ? 'confirmed' : 'already-confirmed';
}

/** The confirmations of a version by party: the first contact of each party to confirm, and when. */
export function confirmedBy(records: Pick<InstanceRecords, 'confirmations'>, version: number): { partyId: string; contactId: string; at: string }[] {
  const first = new Map<string, { partyId: string; contactId: string; at: string }>();
  for (const c of [...records.confirmations].filter((x) => x.version === version).sort((a, b) => a.at.localeCompare(b.at))) {
    if (!first.has(c.partyId)) first.set(c.partyId, { partyId: c.partyId, contactId: c.contactId, at: c.at });
  }
  return [...first.values()];
}
