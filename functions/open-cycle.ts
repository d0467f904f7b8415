import { z } from 'zod';
import type { Deps } from './adapters/deps.js';
import type { DeliverableExecutionInput } from './adapters/engine.js';
import { logger } from './adapters/logger.js';
import { coordinatorCycle } from './coordinator-auth.js';
import { planWarnings, planYear } from './core/calendar.js';
import { newInstance } from './core/instance.js';
import { localDateOf } from './core/time.js';
import { HttpProblem, httpHandler, jsonResponse } from './http.js';
import { PermanentError } from './plan.js';

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

const cycleInputSchema = z.object({ tenantId: z.string().regex(/^[a-z0-9-]{2,60}$/), year: z.number().int().min(2000).max(2200) });

/**
 * Materialise: stores every instance of the year from the tenant's template, each once (opening
 * twice creates nothing twice), and lists the dated ones for their executions.
 */
export async function materialiseCycle(deps: Pick<Deps, 'store' | 'clock'>, tenantId: string, year: number): Promise<MaterialiseResult> {
  const stored = await deps.store.getTemplate(tenantId);
  if (!stored) throw new PermanentError(`tenant ${tenantId} has no template`);
  const { template } = stored;
  if (year < template.validFrom || year > template.validTo) {
    throw new PermanentError(`template ${template.id} covers ${template.validFrom}-${template.validTo}, not ${year}`);
  }
  const now = deps.clock.now();
  const cycle = await deps.store.ensureCycle({
    tenantId,
    year,
    templateId: template.id,
    openedAt: now.toISOString(),
    facts: { meetingDates: {}, eventDates: {}, submittedOn: {} },
  });
  const result: MaterialiseResult = { tenantId, year, opened: [], alreadyOpen: [], dated: [], warnings: [] };
  for (const planned of planYear(template, year, cycle.facts)) {
    const created = await deps.store.openInstance(newInstance(planned, tenantId, year, now));
    (created ? result.opened : result.alreadyOpen).push(planned.instanceId);
    // An instance opened before keeps its stored timing and revision (dates recorded since apply).
    const stored = created ? undefined : (await deps.store.loadInstance(tenantId, year, planned.instanceId))?.instance;
    const timing = stored?.timing ?? planned.timing;
    if (timing.state === 'dated') {
      result.dated.push({ tenantId, year, instanceId: planned.instanceId, generation: 0, revision: stored?.revision ?? 0 });
    }
  }
  result.warnings = planWarnings(template, year, cycle.facts, localDateOf(now));
  logger.info('cycle materialised', { code: 'MATERIALISED', tenantId, year, opened: result.opened.length, dated: result.dated.length });
  return result;
}

/** Lambda task `Materialise` of workflows/cycle.asl.json. */
export function createMaterialiseHandler(deps: Pick<Deps, 'store' | 'clock'>) {
  return async (event: unknown) => {
    const input = cycleInputSchema.parse(event);
    return materialiseCycle(deps, input.tenantId, input.year);
  };
}

/** Lambda task `StartDeliverable` of workflows/cycle.asl.json: one execution per dated instance. */
export function createStartDeliverableHandler(deps: Pick<Deps, 'engine'>) {
  const schema = z.object({
    tenantId: z.string(),
    year: z.number().int(),
    instanceId: z.string(),
    generation: z.number().int().min(0),
    revision: z.number().int().min(0),
  });
  return async (event: unknown) => ({ started: await deps.engine.startDeliverable(schema.parse(event)) });
}

/** POST /api/tenants/{tenant}/cycles/{year}/open: starts the opening workflow; 202, the work goes on there. */
export function createOpenCycleHandler(deps: Deps) {
  return httpHandler(async (event) => {
    const { tenant, year } = await coordinatorCycle(event, deps.config);
    if (event.requestContext.http.method.toUpperCase() !== 'POST') {
      throw new HttpProblem(405, 'Gebruik POST', 'Een cyclus openen gaat met een POST-verzoek.');
    }
    const stored = await deps.store.getTemplate(tenant);
    if (!stored) throw new HttpProblem(404, 'Onbekende gemeente', 'Controleer de naam van de gemeente in het adres, of laad eerst een cyclussjabloon.');
    const { validFrom, validTo, id } = stored.template;
    if (year < validFrom || year > validTo) {
      throw new HttpProblem(409, 'Het sjabloon geldt niet voor dit jaar', `Sjabloon ${id} geldt voor ${validFrom} tot en met ${validTo}. Laad een sjabloon voor ${year}.`);
    }
    const started = await deps.engine.startCycle({ tenantId: tenant, year });
    return jsonResponse(202, { tenantId: tenant, year, started, uitleg: started ? 'De cyclus wordt geopend.' : 'De cyclus was al geopend.' });
  }, 'json');
}
