import { isDeepStrictEqual } from 'node:util';
import type { Store } from '../adapters/store/index.js';
import { refText, type TemplateVersion } from '../adapters/store/templates.js';
import { planYear } from '../core/calendar.js';
import { dueText, undatedText } from '../core/instance.js';
import { composeTemplates } from '../core/template-compose.js';
import { templateDiff } from '../core/template-diff.js';
import type { TemplateRef } from '../core/model.js';
import type { CycleTemplate } from '../core/template.js';
import { AdminError, existingTenant } from './administration.js';

export interface TemplatePlan {
  summary: string[];
  /** Against the version of this template in use; empty when none is. */
  diff: string[];
  /** The year it plans, one line per instance: "dinsdag 30 juni 2027  bod-omthuis  Bod …". */
  calendar: { year: number; lines: string[] };
  warnings: string[];
  /** Running cycles that follow an earlier version of this template, and keep doing so until they are moved. */
  stays: { year: number; refs: TemplateRef[] }[];
  /** The same text is the version in use already. */
  unchanged: boolean;
  /** The version in use it replaces, if any. */
  replaces?: TemplateVersion;
}

/**
 * What loading `template` would do: the same checks as `cycle check` were done on reading it;
 * here it must fit the tenant (its directory, the other templates in use beside it), and the plan
 * shows the year it produces and its diff against the version in use. Nothing is written.
 */
export async function planTemplateLoad(store: Store, tenantId: string, template: CycleTemplate, yaml: string, shown: { year?: number; now: Date }): Promise<TemplatePlan> {
  const directory = await existingTenant(store, tenantId);
  if (template.tenant !== tenantId) throw new AdminError([`het sjabloon is voor gemeente ${template.tenant} (tenant: ${template.tenant}), niet voor ${tenantId}`]);
  const inUse = await store.templates.inUse(tenantId);
  const replaces = inUse.find((v) => v.id === template.id);
  const previous = replaces && (await store.templates.version(tenantId, replaces));
  // Beside the other templates in use whose years overlap, it must compose into one cycle.
  const beside = inUse.filter((v) => v.id !== template.id && v.validFrom <= template.validTo && v.validTo >= template.validFrom);
  const others = await Promise.all(beside.map((v) => store.templates.version(tenantId, v)));
  const composition = composeTemplates([...others.map((o) => o!.template), template]);
  if (!composition.ok) throw new AdminError(composition.problems.map((p) => `past niet naast ${beside.map(refText).join(', ')}: ${p}`));

  const summary = [
    `sjabloon ${template.id}: ${template.title}`,
    `geldig voor ${template.validFrom} tot en met ${template.validTo}`,
    `${template.deliverables.length} leveringen, ${template.parties.length} partijen, coördinerende partij ${template.coordinatorParty}`,
    ...(beside.length ? [`in één cyclus met ${beside.map(refText).join(', ')}`] : []),
  ];
  // From September on, the year to come is the one being prepared.
  const coming = shown.now.getUTCFullYear() + (shown.now.getUTCMonth() >= 8 ? 1 : 0);
  const shownYear = shown.year ?? Math.min(Math.max(coming, template.validFrom), template.validTo);
  const lines = planYear(template, shownYear).map((p) => `${(dueText(p) ?? undatedText(p.timing as never)).padEnd(32)} ${p.instanceId}: ${p.title}`);

  const warnings: string[] = [];
  for (const party of template.parties) {
    if (!directory.contacts.some((c) => c.partyId === party.id && c.active)) warnings.push(`partij ${party.id} (${party.name}) heeft geen actief contact; mail voor die partij komt nergens aan`);
  }
  if (!directory.contacts.some((c) => c.partyId === template.coordinatorParty && c.coordinator && c.active)) {
    warnings.push(`partij ${template.coordinatorParty} heeft geen coördinator; escalaties komen nergens aan tot er een is ingesteld`);
  }
  const unchanged = Boolean(previous && previous.yaml === yaml && isDeepStrictEqual(previous.template, template));
  const stays: TemplatePlan['stays'] = [];
  if (replaces && !unchanged) {
    for (let y = template.validFrom; y <= template.validTo; y++) {
      const cycle = await store.cycles.get(tenantId, y);
      if (cycle?.templates?.some((r) => r.id === template.id)) {
        stays.push({ year: y, refs: cycle.templates });
      }
    }
  }
  return { summary, diff: previous ? templateDiff(previous.template, template) : [], calendar: { year: shownYear, lines }, warnings, stays, unchanged, ...(replaces ? { replaces } : {}) };
}

/** Stores the template as a new version, in use for cycles opened from now on. */
export async function applyTemplateLoad(store: Store, tenantId: string, template: CycleTemplate, yaml: string, by: { at: string; actor: string }): Promise<TemplateVersion> {
  return (await store.templates.load(tenantId, template, yaml, by)).version;
}
