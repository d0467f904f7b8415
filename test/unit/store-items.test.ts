import { describe, expect, it } from 'vitest';
import { contactItem, decode, ENTITY_VERSION, itemOf, StoredItemError } from '../../functions/adapters/store/items.js';

const contact = { tenantId: 'leusden', partyId: 'hlve', contactId: 'c1', name: 'J. Jansen', email: 'j.jansen@example.org', active: true, coordinator: false };
const key = { pk: 'TENANT#leusden', sk: 'CONTACT#hlve#c1' };

describe('items read from the table', () => {
  it('carry the entity version they were written with, and read back as the entity', () => {
    const item = itemOf(key, 'contact', contact);
    expect(item.v).toBe(ENTITY_VERSION);
    expect(decode(contactItem, item)).toEqual(contact);
  });

  it('written a year ago by code without versions (no v) are read as version 1', () => {
    expect(decode(contactItem, { ...key, type: 'contact', ...contact })).toEqual(contact);
  });

  it('written by newer code are refused with a message that names the item and what to do', () => {
    const newer = { ...itemOf(key, 'contact', contact), v: ENTITY_VERSION + 1 };
    expect(() => decode(contactItem, newer)).toThrow(StoredItemError);
    expect(() => decode(contactItem, newer)).toThrow(/CONTACT#hlve#c1 has entity version 2; .*deploy the newer code/);
  });

  it('that are damaged are refused naming the field, never its value', () => {
    const damaged = { ...itemOf(key, 'contact', contact), email: 42 };
    let message = '';
    try {
      decode(contactItem, damaged);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/email: invalid_type/);
    expect(message).not.toContain('42');
    expect(message).not.toContain('J. Jansen');
  });
});
