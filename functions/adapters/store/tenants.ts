import type { Contact, Party, Tenant } from '../../core/model.js';
import { keys } from '../table-design.js';
import { contactItem, decode, itemOf, partyItem, tenantItem } from './items.js';
import type { Table } from './table.js';

/** A tenant's parties and contacts, as one query of its partition returns them. */
export interface Directory {
  tenant?: Tenant;
  parties: Party[];
  contacts: Contact[];
}

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
   * Parties and contacts written together: up to 100 items all or none (one transaction); more in
   * transactions of 100, so a failure can leave whole transactions written, never half an item.
   */
  async putDirectory(parties: Party[], contacts: Contact[]): Promise<void> {
    const items = [
      ...parties.map((p) => itemOf(keys.party(p.tenantId, p.partyId), 'party', p)),
      ...contacts.map((c) => itemOf(keys.contact(c.tenantId, c.partyId, c.contactId), 'contact', c)),
    ];
    for (let at = 0; at < items.length; at += 100) {
      await this.table.transact(items.slice(at, at + 100).map((Item) => ({ Put: { TableName: this.table.name, Item } })));
    }
  }

  async getTenant(tenantId: string): Promise<Tenant | undefined> {
    const item = await this.table.get(keys.tenant(tenantId));
    return item ? decode(tenantItem, item) : undefined;
  }

  async putParty(party: Party): Promise<void> {
    await this.table.put(itemOf(keys.party(party.tenantId, party.partyId), 'party', party));
  }

  async putContact(contact: Contact): Promise<void> {
    await this.table.put(itemOf(keys.contact(contact.tenantId, contact.partyId, contact.contactId), 'contact', contact));
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
    return {
      ...(tenant ? { tenant: decode(tenantItem, tenant) } : {}),
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
