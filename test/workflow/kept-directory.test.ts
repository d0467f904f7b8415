import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedClock } from '../../functions/adapters/clock.js';
import { documentClient } from '../../functions/adapters/deps.js';
import { itemOf } from '../../functions/adapters/store/items.js';
import { keys } from '../../functions/adapters/table-design.js';
import type { Contact } from '../../functions/core/model.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { localCredentials, localRegion } from '../../infra/local/dynamodb.js';
import { hlve, huuradviesSeason } from '../support.js';

/**
 * Act keeps each tenant's directory for minutes (functions/workflow/directory-cache.ts). These
 * seasons change HLVE's contacts after the first reminder was sent from a kept copy, well within
 * that time, and show that the claims' checks keep every later notice to the contacts as they are
 * now: a deactivated contact gets nothing, a changed address gets it at the new address, a contact
 * added gets it, each exactly once. Real parts: the workflow file, DynamoDB Local, SES local.
 */
const afterFirst = ['reminder-14d', 'reminder-7d', 'reminder-1d', 'due-today', 'overdue-1', 'overdue-2', 'overdue-3', 'overdue-4'];
const everySlot = ['reminder-28d', ...afterFirst];
const secretaris: Contact = { ...hlve, tenantId: 'leusden' };
const voorzitter: Contact = { ...secretaris, contactId: 'voorzitter', name: 'Voorzitter HLVE', email: 'voorzitter.hlve@example.org' };
const penningmeester: Contact = { ...secretaris, contactId: 'penningmeester', name: 'Penningmeester HLVE', email: 'penningmeester.hlve@example.org' };
const newAddress = 'secretariaat.hlve@example.org';

let cloud: LocalCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

/** The season with HLVE's second contact, and `change` once the first reminder went out. */
async function season(change: (c: LocalCloud) => Promise<void>) {
  let reads = 0;
  const result = await huuradviesSeason({
    started: (c) => {
      cloud = c;
      const directory = c.store.tenants.directory.bind(c.store.tenants);
      c.store.tenants.directory = (tenantId) => (reads++, directory(tenantId));
    },
    script: async (clock: SimulatedClock, c) => {
      await c.store.tenants.putContact(voorzitter);
      await clock.sleepUntil(new Date('2027-02-01T12:00:00Z'));
      await change(c);
    },
  });
  const to = (address: string) => result.mails.filter((m) => m.destination.to[0] === address).length;
  const ledger = (contactId: string) => result.records.notices.filter((n) => n.partyId === 'hlve' && n.contactId === contactId).map((n) => n.slotId).sort();
  return { ...result, to, ledger, reads };
}

describe('Act with a kept directory', () => {
  it('mails the contacts as the dashboard left them: not the deactivated one, the new address, the one added', async () => {
    const { records, to, ledger } = await season(async (c) => {
      await c.store.tenants.putContact({ ...voorzitter, active: false });
      await c.store.tenants.putContact({ ...secretaris, email: newAddress });
      await c.store.tenants.putContact(penningmeester);
    });
    expect(ledger('voorzitter')).toEqual(['reminder-28d']);
    expect(to(voorzitter.email)).toBe(1);
    expect(ledger('secretaris')).toEqual([...everySlot].sort());
    expect(to(secretaris.email)).toBe(1);
    expect(to(newAddress)).toBe(afterFirst.length);
    expect(ledger('penningmeester')).toEqual([...afterFirst].sort());
    expect(to(penningmeester.email)).toBe(afterFirst.length);
    expect(records.notices.every((n) => n.state === 'sent')).toBe(true);
  });

  it('refuses a kept contact changed past the directory store too, and reads the directory once more for it', async () => {
    // A write that does not raise the directory's version (older code during a deployment, a repair by hand).
    const raw = (c: LocalCloud, contact: Contact) => {
      const db = documentClient(new DynamoDBClient({ endpoint: c.urls.dynamodb, region: localRegion, credentials: localCredentials }));
      return db.send(new PutCommand({ TableName: c.store.tableName, Item: itemOf(keys.contact('leusden', contact.partyId, contact.contactId), 'contact', contact) }));
    };
    const { records, to, ledger, reads } = await season(async (c) => {
      await raw(c, { ...voorzitter, active: false });
      await raw(c, { ...secretaris, email: newAddress });
    });
    expect(ledger('voorzitter')).toEqual(['reminder-28d']);
    expect(to(voorzitter.email)).toBe(1);
    expect(ledger('secretaris')).toEqual([...everySlot].sort());
    expect(to(secretaris.email)).toBe(1);
    expect(to(newAddress)).toBe(afterFirst.length);
    expect(records.notices.every((n) => n.state === 'sent')).toBe(true);
    // Kept, not read per notice: far fewer directory reads than Acts (14 notices to HLVE and the coordinator).
    expect(reads).toBeLessThan(everySlot.length);
  });
});
