import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../../core/model.js';
import { keys } from '../table-design.js';
import { itemOf } from './items.js';
import type { Item, Table } from './table.js';

/** An audit entry as an item, for a transaction that writes it with the change it records. */
export function auditEntryItem(tenantId: string, year: number, entry: AuditEntry): Item {
  return itemOf(keys.audit(tenantId, year, entry.instanceId, new Date(entry.at), randomUUID()), 'audit', entry);
}

/** The audit trail: immutable entries under a cycle's instance (or its pseudo-instance `_cyclus`). */
export class AuditStore {
  constructor(private readonly table: Table) {}

  async append(tenantId: string, year: number, entry: AuditEntry): Promise<void> {
    if (!(await this.table.create(auditEntryItem(tenantId, year, entry)))) throw new Error('audit entry id collided');
  }
}
