import type { Contact, Party, Tenant } from '../../core/model.js';
import { keys } from '../table-design.js';
import { contactItem, decode, itemOf, partyItem, tenantItem } from './items.js';
import type { Table } from './table.js';

/** A tenant's parties and contacts, as one query of its partition returns them. */
export interface Directory {
  tenant?: Tenant;
  parties: Party[];
  contacts: Contact[];
  /** How many times parties or contacts were written through this store; absent before the first. */
  version?: number;
}

/**
 * The directory's change counter: one item in the tenant's partition (so the directory query reads
 * it with the rest), raised in the same transaction as every party or contact written here. A copy
 * of the directory kept elsewhere (Act's cache) is current exactly while this still holds its
 * version; the claim of a notice checks that at write time. (Belongs in table-design.ts's table:
 * TENANT#<t> / DIRECTORY.)
 */
export const directoryVersionKey = (t: string) => ({ pk: keys.tenant(t).pk, sk: 'DIRECTORY' });

/** A municipality and its directory: the tenant, its parties and contacts (its templates: TemplateStore). */
export class TenantStore {
  constructor(private readonly table: Table) {}

  async putTenant(tenant: Tenant): Promise<void> {
    await this.table.put(itemOf(keys.tenant(tenant.tenantId), 'tenant', tenant));
  }

  /** Stores a new tenant; false when one with this id exists (it is left as it is). */
  createTenant(tenant: Tenant): Promise<boolean> {
    return this.table.create(itemOf(keys.tenant(tenant.tenantId), 'tenant', tenant));
  }

  /**
   * Parties and contacts written together: up to 99 items all or none (one transaction, with the
   * directory's version raised: 100, DynamoDB's limit); more in transactions of 99, so a failure can
   * leave whole transactions written, never half an item.
   */
  async putDirectory(parties: Party[], contacts: Contact[]): Promise<void> {
    const items = [
      ...parties.map((p) => itemOf(keys.party(p.tenantId, p.partyId), 'party', p)),
      ...contacts.map((c) => itemOf(keys.contact(c.tenantId, c.partyId, c.contactId), 'contact', c)),
    ];
    for (const tenantId of new Set(items.map((i) => String(i.tenantId)))) {
      const own = items.filter((i) => i.tenantId === tenantId);
      for (let at = 0; at < own.length; at += 99) {
        await this.table.transact([...own.slice(at, at + 99).map((Item) => ({ Put: { TableName: this.table.name, Item } })), this.raiseVersion(tenantId)]);
      }
    }
  }

  /** Raises the directory's version, in the transaction that changes a party or contact. */
  private raiseVersion(tenantId: string) {
    return {
      Update: {
        TableName: this.table.name,
        Key: directoryVersionKey(tenantId),
        UpdateExpression: 'SET #type = :type, tenantId = :tenant ADD directoryVersion :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'directory-version', ':tenant': tenantId, ':one': 1 },
      },
    };
  }

  async getTenant(tenantId: string): Promise<Tenant | undefined> {
    const item = await this.table.get(keys.tenant(tenantId));
    return item ? decode(tenantItem, item) : undefined;
  }

  async putParty(party: Party): Promise<void> {
    await this.putDirectory([party], []);
  }

  async putContact(contact: Contact): Promise<void> {
    await this.putDirectory([], [contact]);
  }

  async getContact(tenantId: string, partyId: string, contactId: string): Promise<Contact | undefined> {
    const item = await this.table.get(keys.contact(tenantId, partyId, contactId));
    return item ? decode(contactItem, item) : undefined;
  }

  /** The tenant with its parties and contacts, from one query of its partition. */
  async directory(tenantId: string): Promise<Directory> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId).pk },
    });
    const tenant = items.find((i) => i.type === 'tenant');
    const version = items.find((i) => i.type === 'directory-version')?.directoryVersion;
    return {
      ...(tenant ? { tenant: decode(tenantItem, tenant) } : {}),
      ...(typeof version === 'number' ? { version } : {}),
      parties: items.filter((i) => i.type === 'party').map((i) => decode(partyItem, i)),
      contacts: items.filter((i) => i.type === 'contact').map((i) => decode(contactItem, i)),
    };
  }

  /** Marks a contact's address as bounced (from SES's notification); false when the contact is unknown. */
  recordBounce(tenantId: string, partyId: string, contactId: string, bounce: NonNullable<Contact['bounce']>): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.update({
        Key: keys.contact(tenantId, partyId, contactId),
        UpdateExpression: 'SET bounce = :bounce',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':bounce': bounce },
      }),
    );
  }
}
