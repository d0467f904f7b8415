import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { composeTemplates } from '../../core/template-compose.js';
import type { CycleTemplate } from '../../core/template.js';
import type { TemplateRef } from '../../core/model.js';
import { keys } from '../table-design.js';
import { itemOf } from './items.js';
import type { Item, Table } from './table.js';

/** One loaded version of a template: what it is, when and by whom it was loaded. */
export interface TemplateVersion extends TemplateRef {
  title: string;
  validFrom: number;
  validTo: number;
  /** SHA-256 of the stored template and YAML: loading the same text again is no new version. */
  hash: string;
  loadedAt: string;
  loadedBy: string;
  bytes: number;
}

export interface StoredTemplate {
  template: CycleTemplate;
  yaml: string;
  version: TemplateVersion;
}

/** The template a cycle reads: its versions, composed into one. */
export interface ComposedTemplate {
  template: CycleTemplate;
  refs: TemplateRef[];
}

/** Far below DynamoDB's 400 KB item limit, with room for the keys. */
export const TEMPLATE_PART_BYTES = 300 * 1024;

const versionItem = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  validFrom: z.number().int(),
  validTo: z.number().int(),
  hash: z.string(),
  loadedAt: z.string(),
  loadedBy: z.string(),
  bytes: z.number().int(),
});
const pick = (item: Item): TemplateVersion => versionItem.parse(item);
const refKey = (refs: TemplateRef[]) => refs.map((r) => `${r.id}@${r.version}`).join(' ');
export const refText = (ref: TemplateRef) => `${ref.id} versie ${ref.version}`;

/**
 * A tenant's templates, every version kept: a cycle is opened from named versions and keeps
 * reading them, whatever is loaded later. Per version (`VERSION#<id>#<nnnn>`) a small item names
 * its content; the content itself, gzipped, lies in parts of at most 300 KiB (`TEMPLATE#<hash>#<n>`),
 * so no template size reaches an item limit. The head (`TEMPLATE`) lists the version of each
 * template in use for cycles opened from now on. A version never changes, so each is read from the
 * table once per container.
 */
export class TemplateStore {
  private readonly cache = new Map<string, StoredTemplate>();
  private readonly composedCache = new Map<string, ComposedTemplate>();

  constructor(private readonly table: Table) {}

  /**
   * Stores a new version of `template` and puts it in use for new cycles (in place of that
   * template's earlier version); the same text as the latest version is no new version.
   */
  async load(tenantId: string, template: CycleTemplate, yaml: string, by: { at: string; actor: string }): Promise<{ version: TemplateVersion; created: boolean }> {
    const body = Buffer.from(JSON.stringify({ template, yaml }));
    const hash = createHash('sha256').update(body).digest('hex');
    const pk = keys.template(tenantId).pk;
    for (;;) {
      const latest = (await this.versions(tenantId)).filter((v) => v.id === template.id).at(-1);
      if (latest?.hash === hash) {
        await this.putInUse(tenantId, latest);
        return { version: latest, created: false };
      }
      const zipped = gzipSync(body);
      // The parts first, then the version that points at them: a reader never finds a version without its parts.
      for (let at = 0, n = 0; at < zipped.length; at += TEMPLATE_PART_BYTES, n++) {
        await this.table.put(itemOf({ pk, sk: partKey(hash, n) }, 'template-part', { hash, n, data: zipped.subarray(at, at + TEMPLATE_PART_BYTES) }));
      }
      const version: TemplateVersion = {
        id: template.id,
        version: (latest?.version ?? 0) + 1,
        title: template.title,
        validFrom: template.validFrom,
        validTo: template.validTo,
        hash,
        loadedAt: by.at,
        loadedBy: by.actor,
        bytes: body.length,
      };
      const parts = Math.ceil(zipped.length / TEMPLATE_PART_BYTES);
      if (!(await this.table.create(itemOf(keys.templateVersion(tenantId, template.id, version.version), 'template-version', { ...version, tenantId, parts })))) continue; // another load took the number
      await this.putInUse(tenantId, version);
      return { version, created: true };
    }
  }

  /** Every version of every template of the tenant, by template id and version. */
  async versions(tenantId: string): Promise<TemplateVersion[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': keys.template(tenantId).pk, ':v': 'VERSION#' },
    });
    return items.map(pick).sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  }

  /** The version of each template that new cycles open from. */
  async inUse(tenantId: string): Promise<TemplateVersion[]> {
    const head = await this.table.get(keys.template(tenantId));
    if (head && !head.inUse && head.templateId) return [(await this.legacy(tenantId, head)).version];
    return z.array(versionItem).parse(head?.inUse ?? []);
  }

  /**
   * A template stored before versions were kept (the head held it, whole or as parts): read as
   * version 0 of its template, so a deployment that had one goes on with it until a version is loaded.
   */
  private async legacy(tenantId: string, head: Item): Promise<StoredTemplate> {
    const cacheKey = `${tenantId} ${String(head.templateId)}@0`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const read = head.template
      ? { template: head.template as CycleTemplate, yaml: String(head.yaml) }
      : await this.content(tenantId, String(head.version), Number(head.parts), `${String(head.templateId)}@0`);
    const { template } = read;
    const version: TemplateVersion = { id: template.id, version: 0, title: template.title, validFrom: template.validFrom, validTo: template.validTo, hash: String(head.version ?? 'inline'), loadedAt: new Date(0).toISOString(), loadedBy: 'vóór versies', bytes: 0 };
    const stored = { ...read, version };
    this.cache.set(cacheKey, stored);
    return stored;
  }

  /** A version's content, from its parts. */
  private async content(tenantId: string, hash: string, count: number, name: string): Promise<{ template: CycleTemplate; yaml: string }> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :parts)',
      ExpressionAttributeValues: { ':pk': keys.template(tenantId).pk, ':parts': `TEMPLATE#${hash}#` },
    });
    const parts = items.sort((a, b) => a.sk.localeCompare(b.sk)).map((i: Item) => Buffer.from(i.data as Uint8Array));
    if (parts.length !== count) throw new Error(`template ${tenantId} ${name}: ${parts.length} of ${count} parts stored`);
    return JSON.parse(gunzipSync(Buffer.concat(parts)).toString('utf8')) as { template: CycleTemplate; yaml: string };
  }

  /** The versions in use that cover `year`, in the order they were first put in use. */
  async forYear(tenantId: string, year: number): Promise<TemplateVersion[]> {
    return (await this.inUse(tenantId)).filter((v) => year >= v.validFrom && year <= v.validTo);
  }

  /** One version, as loaded. */
  async version(tenantId: string, ref: TemplateRef): Promise<StoredTemplate | undefined> {
    const cacheKey = `${tenantId} ${ref.id}@${ref.version}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    if (ref.version === 0) {
      const head = await this.table.get(keys.template(tenantId));
      return head?.templateId === ref.id ? this.legacy(tenantId, head) : undefined;
    }
    const item = await this.table.get(keys.templateVersion(tenantId, ref.id, ref.version));
    if (!item) return undefined;
    const { template, yaml } = await this.content(tenantId, String(item.hash), Number(item.parts), refKey([ref]));
    const stored = { template, yaml, version: pick(item) };
    this.cache.set(cacheKey, stored);
    return stored;
  }

  /** The versions composed into the one template a cycle reads (see composeTemplates). */
  async composed(tenantId: string, refs: TemplateRef[]): Promise<ComposedTemplate> {
    const cacheKey = `${tenantId} ${refKey(refs)}`;
    const cached = this.composedCache.get(cacheKey);
    if (cached) return cached;
    const stored = await Promise.all(refs.map((ref) => this.version(tenantId, ref)));
    const missing = refs.filter((_, i) => !stored[i]);
    if (missing.length) throw new Error(`template ${tenantId} ${refKey(missing)} is not stored`);
    const composition = composeTemplates(stored.map((s) => s!.template));
    if (!composition.ok) throw new Error(`templates ${tenantId} ${refKey(refs)} do not compose: ${composition.problems.join('; ')}`);
    const composed = { template: composition.template, refs: refs.map((r) => ({ id: r.id, version: r.version })) };
    this.composedCache.set(cacheKey, composed);
    return composed;
  }

  /** Takes a template out of use for new cycles; running cycles keep their versions. */
  async retire(tenantId: string, templateId: string): Promise<boolean> {
    return this.updateInUse(tenantId, (inUse) => inUse.filter((v) => v.id !== templateId));
  }

  private putInUse(tenantId: string, version: TemplateVersion): Promise<boolean> {
    return this.updateInUse(tenantId, (inUse) => {
      const at = inUse.findIndex((v) => v.id === version.id);
      return at < 0 ? [...inUse, version] : inUse.map((v, i) => (i === at ? version : v));
    });
  }

  /** Read, change, write back only if nobody wrote the head meanwhile (else again). */
  private async updateInUse(tenantId: string, change: (inUse: TemplateVersion[]) => TemplateVersion[]): Promise<boolean> {
    const key = keys.template(tenantId);
    for (;;) {
      const head = await this.table.get(key);
      const before = head?.inUse ? z.array(versionItem).parse(head.inUse) : await this.inUse(tenantId);
      const after = change(before);
      if (JSON.stringify(after) === JSON.stringify(before)) return false;
      const rev = Number(head?.rev ?? 0);
      const written = await this.table.conditional(() =>
        this.table.update({
          Key: key,
          UpdateExpression: 'SET inUse = :inUse, rev = :next, #type = :type, tenantId = :t',
          ConditionExpression: 'attribute_not_exists(rev) OR rev = :rev',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':inUse': after, ':next': rev + 1, ':rev': rev, ':type': 'template-head', ':t': tenantId },
        }),
      );
      if (written) return true;
    }
  }
}

const partKey = (hash: string, n: number) => `TEMPLATE#${hash}#${String(n).padStart(4, '0')}`;
