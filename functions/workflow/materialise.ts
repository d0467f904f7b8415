import type { Deps } from '../adapters/deps.js';
import type { DeliverableExecutionInput } from '../adapters/engine.js';
import { logger } from '../adapters/logger.js';
import { planWarnings, planYear } from '../core/calendar.js';
import { newInstance } from '../core/instance.js';
import type { Cycle } from '../core/model.js';
import { yearOutsideTemplate } from '../core/template.js';
import { localDateOf } from '../core/time.js';
import { cycleTemplate } from '../services/cycle-template.js';
import { cycleInputSchema, PermanentError } from './task-input.js';

export interface MaterialiseResult {
  tenantId: string;
  year: number;
  opened: string[];
  alreadyOpen: string[];
  /** The instances with a deadline: each gets a deliverable execution. */
  dated: DeliverableExecutionInput[];
  /** Where the plan breaks the procesafspraken, in Dutch. */
  warnings: string[];
}

/**
 * Materialise: stores every instance of the year from the cycle's templates, each once (opening
 * twice creates nothing twice), and lists the dated ones for their executions.
 */
export async function materialiseCycle(deps: Pick<Deps, 'store' | 'clock'>, tenantId: string, year: number): Promise<MaterialiseResult> {
  const now = deps.clock.now();
  const cycle = await openedCycle(deps, tenantId, year, now);
  const template = await cycleTemplate(deps.store, tenantId, year, cycle)
    .then((composed) => composed?.template)
    .catch((error: Error) => {
      throw new PermanentError(error.message);
    });
  if (!template) throw new PermanentError(`tenant ${tenantId} has no template for ${year}`);
  const outside = yearOutsideTemplate(template, year);
  if (outside) throw new PermanentError(outside);
  const result: MaterialiseResult = { tenantId, year, opened: [], alreadyOpen: [], dated: [], warnings: [] };
  // One read of what is stored already (an opening run again), then the new instances in batches.
  const existing = new Map((await deps.store.cycles.loadCycle(tenantId, year)).map((r) => [r.instance.instanceId, r.instance]));
  const plan = planYear(template, year, cycle.facts);
  const fresh = plan.filter((p) => !existing.has(p.instanceId));
  const created = await deps.store.cycles.openInstances(fresh.map((p) => newInstance(p, tenantId, year, now)));
  const raced = fresh.filter((_, i) => !created[i]);
  // An instance another opening stored meanwhile is read as it stands.
  for (const p of raced) {
    const stored = (await deps.store.cycles.loadInstance(tenantId, year, p.instanceId))?.instance;
    if (stored) existing.set(p.instanceId, stored);
  }
  for (const planned of plan) {
    // An instance opened before keeps its stored timing and revision (dates recorded since apply).
    const stored = existing.get(planned.instanceId);
    (stored ? result.alreadyOpen : result.opened).push(planned.instanceId);
    const timing = stored?.timing ?? planned.timing;
    if (timing.state === 'dated') {
      result.dated.push({ tenantId, year, instanceId: planned.instanceId, generation: 0, revision: stored?.revision ?? 0 });
    }
  }
  result.warnings = planWarnings(template, year, cycle.facts, localDateOf(now));
  logger.info('cycle materialised', { code: 'MATERIALISED', tenantId, year, opened: result.opened.length, dated: result.dated.length });
  return result;
}

/**
 * The cycle year, opened from the template versions in use for it, which it keeps from then on.
 * A cycle stored before versions were kept (or set up without them) is given those versions now.
 */
async function openedCycle(deps: Pick<Deps, 'store'>, tenantId: string, year: number, now: Date): Promise<Cycle> {
  const stored = await deps.store.cycles.get(tenantId, year);
  if (stored?.templates) return stored;
  const versions = await deps.store.templates.forYear(tenantId, year);
  if (!versions.length) throw new PermanentError(`tenant ${tenantId} has no template for ${year}`);
  const templates = versions.map(({ id, version }) => ({ id, version }));
  if (stored) {
    await deps.store.cycles.setTemplates(stored, templates);
    return (await deps.store.cycles.get(tenantId, year))!;
  }
  return deps.store.cycles.ensure({ tenantId, year, templateId: templates[0]!.id, templates, openedAt: now.toISOString(), facts: { meetingDates: {}, eventDates: {}, submittedOn: {} } });
}

/** Lambda task `Materialise` of workflows/cycle.asl.json. */
export function createMaterialiseHandler(deps: Pick<Deps, 'store' | 'clock'>) {
  return async (event: unknown) => {
    const input = cycleInputSchema.parse(event);
    return materialiseCycle(deps, input.tenantId, input.year);
  };
}
