import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CycleTemplate } from '../../core/template.js';
import { keys } from '../table-design.js';
import { itemOf } from './items.js';
import type { Item, Table } from './table.js';

export interface StoredTemplate {
  template: CycleTemplate;
  yaml: string;
  /** The SHA-256 of what was stored: a new template is a new version. */
  version: string;
}

/** Far below DynamoDB's 400 KB item limit, with room for the keys. */
export const TEMPLATE_PART_BYTES = 300 * 1024;

/**
 * A tenant's template, stored so that no template size reaches an item limit: the template and its
 * YAML, gzipped, in parts of at most 300 KiB (`TEMPLATE#<version>#<n>`), under a small head item
 * that names the version. Reading costs one small GetItem of the head; the parts are read once per
 * container and version, then served from memory (a template never changes under its version).
 */
export class TemplateStore {
  private readonly cache = new Map<string, StoredTemplate>();

  constructor(private readonly table: Table) {}

  async put(tenantId: string, template: CycleTemplate, yaml: string): Promise<void> {
    const body = Buffer.from(JSON.stringify({ template, yaml }));
    const version = createHash('sha256').update(body).digest('hex');
    const zipped = gzipSync(body);
    const parts: Buffer[] = [];
    for (let at = 0; at < zipped.length; at += TEMPLATE_PART_BYTES) parts.push(zipped.subarray(at, at + TEMPLATE_PART_BYTES));
    const head = keys.template(tenantId);
    // The parts first, then the head that points at them: a reader never finds a head without its parts.
    for (const [n, data] of parts.entries()) {
      await this.table.put(itemOf({ pk: head.pk, sk: partKey(version, n) }, 'template-part', { version, n, data }));
    }
    await this.table.put(itemOf(head, 'template', { tenantId, templateId: template.id, version, parts: parts.length, bytes: body.length }));
  }

  async get(tenantId: string): Promise<StoredTemplate | undefined> {
    const head = await this.table.get(keys.template(tenantId));
    if (!head) return undefined;
    // Stored whole, before templates were stored in parts.
    if (head.template) return { template: head.template as CycleTemplate, yaml: head.yaml as string, version: 'v1-inline' };
    const version = String(head.version);
    const cached = this.cache.get(`${tenantId} ${version}`);
    if (cached) return cached;
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :parts)',
      ExpressionAttributeValues: { ':pk': head.pk, ':parts': `TEMPLATE#${version}#` },
    });
    const parts = items.sort((a, b) => a.sk.localeCompare(b.sk)).map((i: Item) => Buffer.from(i.data as Uint8Array));
    if (parts.length !== Number(head.parts)) throw new Error(`template ${tenantId} ${version}: ${parts.length} of ${String(head.parts)} parts stored`);
    const { template, yaml } = JSON.parse(gunzipSync(Buffer.concat(parts)).toString('utf8')) as { template: CycleTemplate; yaml: string };
    const stored = { template, yaml, version };
    this.cache.set(`${tenantId} ${version}`, stored);
    return stored;
  }
}

const partKey = (version: string, n: number) => `TEMPLATE#${version}#${String(n).padStart(4, '0')}`;
