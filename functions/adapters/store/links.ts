import type { LinkRecord } from '../../core/model.js';
import { keys } from '../table-design.js';
import { decode, itemOf, linkItem } from './items.js';
import type { Table } from './table.js';

/** The personal links: one record per link issued, revoked but never deleted. */
export class LinkStore {
  constructor(private readonly table: Table) {}

  async put(tenantId: string, year: number, link: LinkRecord): Promise<void> {
    if (!(await this.table.create(itemOf(keys.link(tenantId, year, link.instanceId, link.linkId), 'link', link)))) throw new Error('link id collided');
  }

  /** The link records under an instance (or under a pseudo-instance such as a calendar). */
  async list(tenantId: string, year: number, instanceId: string): Promise<LinkRecord[]> {
    const base = keys.instance(tenantId, year, instanceId);
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :links)',
      ExpressionAttributeValues: { ':pk': base.pk, ':links': `${base.sk}#LINK#` },
    });
    return items.map((i) => decode(linkItem, i));
  }

  async get(tenantId: string, year: number, instanceId: string, linkId: string): Promise<LinkRecord | undefined> {
    const item = await this.table.get(keys.link(tenantId, year, instanceId, linkId));
    return item ? decode(linkItem, item) : undefined;
  }

  async revoke(tenantId: string, year: number, instanceId: string, linkId: string, at: Date): Promise<void> {
    await this.table.update({
      Key: keys.link(tenantId, year, instanceId, linkId),
      UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at.toISOString() },
    });
  }
}
