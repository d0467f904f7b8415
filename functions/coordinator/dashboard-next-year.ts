import type { Deps } from '../adapters/deps.js';
import { refText } from '../adapters/store/templates.js';
import { planWarnings, planYear } from '../core/calendar.js';
import { dueText, undatedText } from '../core/instance.js';
import type { DeliverableInstance } from '../core/model.js';
import { dutchMonths, localDateOf } from '../core/time.js';
import { HttpProblem, htmlResponse, redirect, type HttpEvent, type HttpResult } from '../http/handler.js';
import { actorOf, CYCLE_AUDIT } from '../services/steering.js';
import { basePath } from '../views/dashboard/layout.js';
import { nextYearPage, type NextYearView } from '../views/dashboard/next-year.js';
import { at, failed, openForm, type Opened, type PageOptions } from './dashboard-request.js';

/**
 * Volgend jaar: what opening next year's cycle would do (the versions in use for that year, the
 * plan checks the Jaaroverzicht shows, its deliverables), and opening it, as the year turn does
 * on the municipality's opening date: the opening workflow, audited under this year's cycle.
 */
const FIRST_SHOWN = 8;

export async function nextYear(deps: Deps, { ctx, directory }: Opened, page: PageOptions): Promise<HttpResult> {
  const next = ctx.year + 1;
  const [cycle, templates] = await Promise.all([deps.store.cycles.get(ctx.tenant, next), deps.store.templates.forYear(ctx.tenant, next)]);
  const opensOn = directory.tenant?.opensNextYearOn;
  const view: NextYearView = {
    next,
    exists: Boolean(cycle),
    templates,
    warnings: [],
    count: 0,
    first: [],
    ...(opensOn ? { opensOn: `${opensOn.day} ${dutchMonths[opensOn.month - 1]}` } : {}),
  };
  if (!cycle && templates.length) {
    const composed = await deps.store.templates.composed(ctx.tenant, templates.map(({ id, version }) => ({ id, version }))).catch((error: Error) => {
      // Versions that do not compose (or a version gone) are the coordinator's to fix; anything else is not.
      if (/do not compose|is not stored/.test(error.message)) return undefined;
      throw error;
    });
    if (!composed) view.problem = `De versies ${templates.map(refText).join(' en ')} vormen samen geen geldige cyclus voor ${next}.`;
    else {
      view.warnings = planWarnings(composed.template, next, {}, localDateOf(deps.clock.now()));
      const planned = planYear(composed.template, next);
      const partyName = (id: string) => directory.parties.find((p) => p.partyId === id)?.name ?? id;
      view.count = planned.length;
      view.first = planned.slice(0, FIRST_SHOWN).map((p) => ({
        when: dueText(p) ?? undatedText(p.timing as Exclude<DeliverableInstance['timing'], { state: 'dated' }>),
        title: p.title,
        party: partyName(p.responsible),
      }));
    }
  }
  return htmlResponse({ status: page.status ?? 200, html: nextYearPage(ctx, view, page) });
}

export async function postNextYear(deps: Deps, event: HttpEvent): Promise<HttpResult> {
  const opened = await openForm(deps, event);
  const { ctx, steering, values } = opened;
  const self = `${basePath(ctx)}/volgend-jaar`;
  const next = ctx.year + 1;
  let done = 'volgend-jaar-geopend';
  try {
    if (values.actie !== 'openen') throw new HttpProblem(400, 'Onbekende actie', 'Kies een actie met een van de knoppen op de pagina.');
    if (await deps.store.cycles.get(ctx.tenant, next)) throw new HttpProblem(409, `De cyclus ${next} is al geopend`, `Open hem via het jaaroverzicht ${next}.`);
    const templates = await deps.store.templates.forYear(ctx.tenant, next);
    if (!templates.length) {
      throw new HttpProblem(409, `Geen sjabloon voor ${next}`, `Laad eerst een sjabloon dat ${next} dekt op de pagina Sjablonen; daarna kunt u de cyclus openen.`);
    }
    if (await deps.engine.startCycle({ tenantId: ctx.tenant, year: next })) {
      await deps.store.audit.append(ctx.tenant, ctx.year, {
        instanceId: CYCLE_AUDIT,
        at: deps.clock.now().toISOString(),
        actor: actorOf(steering.principal),
        action: `cyclus ${next} geopend`,
        detail: { reden: 'geopend op het dashboard', sjablonen: templates.map(refText).join(' + ') },
      });
    } else done = 'volgend-jaar-al-bezig';
  } catch (error) {
    return nextYear(deps, at(opened, self), failed('openen', values, error));
  }
  return redirect(`${self}?gedaan=${done}`);
}
