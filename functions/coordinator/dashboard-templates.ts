import type { Deps } from '../adapters/deps.js';
import { refText } from '../adapters/store/templates.js';
import { checkTemplate } from '../core/template-file.js';
import type { CycleTemplate } from '../core/template.js';
import { HttpProblem, htmlResponse, redirect, type HttpEvent, type HttpResult } from '../http/handler.js';
import { AdminError } from '../services/administration.js';
import { actorOf, CYCLE_AUDIT } from '../services/steering.js';
import { applyTemplateLoad, planTemplateLoad } from '../services/template-load.js';
import { completeCycleMove, planCycleMove, requestCycleMove } from '../services/template-move.js';
import { basePath, type FormState } from '../views/dashboard/layout.js';
import { refsKey, templatesPage, type TemplatesView } from '../views/dashboard/templates.js';
import { at, failed, open, type Opened, type PageOptions } from './dashboard-request.js';
import { checkFormToken } from './session.js';
import { normalisedYaml, templateForm } from './template-upload.js';

/**
 * The Sjablonen page: which template versions the cycle follows and which are in use, a new
 * version checked (as `npm run cycle -- check` and `beheer sjabloon laden` do) before it is
 * loaded, and the cycle moved to the versions in use, completed at once. Every change is audited
 * under the cycle, by the signed-in coordinator.
 */
type Check = NonNullable<TemplatesView['check']>;

const selfOf = (o: Opened) => `${basePath(o.ctx)}/sjablonen`;
/** Problems listed one by one in the error summary; a file with hundreds says how many more. */
const MAX_LISTED = 50;


export async function templates(deps: Deps, opened: Opened, page: PageOptions & { check?: Check }): Promise<HttpResult> {
  const { ctx, cycle } = opened;
  const [versions, inUse, forYear] = await Promise.all([
    deps.store.templates.versions(ctx.tenant),
    deps.store.templates.inUse(ctx.tenant),
    deps.store.templates.forYear(ctx.tenant, ctx.year),
  ]);
  const view: TemplatesView = { versions, inUse, forYear, ...(cycle.templates ? { follows: cycle.templates } : {}), ...(page.check ? { check: page.check } : {}) };
  if (cycle.pendingMove && cycle.templates) view.pending = { ...cycle.pendingMove, to: cycle.templates };
  else if (forYear.length && refsKey(cycle.templates ?? []) !== refsKey(forYear)) {
    try {
      const plan = await planCycleMove(deps, ctx.tenant, ctx.year);
      view.move = { from: plan.from, to: plan.to, templateChanges: plan.templateChanges, lines: plan.instances.map((i) => i.line) };
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      view.move = { problems: error.problems };
    }
  }
  return htmlResponse({ status: page.status ?? 200, html: templatesPage(ctx, view, page) });
}

/** A template that failed its check (or does not fit this municipality): every problem in the summary, linked to the file input. */
function refused(title: string, problems: string[], status = 400): PageOptions {
  const listed = problems.slice(0, MAX_LISTED).map((message) => ({ field: 'bestand', message }));
  if (problems.length > MAX_LISTED) listed.push({ field: 'bestand', message: `en nog ${problems.length - MAX_LISTED} problemen` });
  const state: FormState = {
    form: 'sjabloon',
    values: {},
    errors: { bestand: 'Verbeter het sjabloon en kies het bestand opnieuw.' },
    problem: { title, text: problems.length === 1 ? 'Er is 1 probleem gevonden:' : `Er zijn ${problems.length} problemen gevonden:` },
    items: listed,
  };
  return { state, status };
}

/** Checks the YAML and plans its load for this cycle's year: what the page shows, or why it is refused. */
async function checked(deps: Deps, o: Opened, yaml: string, fileName: string): Promise<{ check: Check; template: CycleTemplate } | PageOptions> {
  const result = checkTemplate(yaml);
  if (!result.ok) return refused('Het sjabloon is niet geldig', result.problems);
  const { template } = result;
  // The calendar shown is this cycle's year, or the nearest year the template covers.
  const year = Math.min(Math.max(o.ctx.year, template.validFrom), template.validTo);
  try {
    const plan = await planTemplateLoad(deps.store, o.ctx.tenant, template, yaml, { year, now: deps.clock.now() });
    return { check: { fileName, yaml, plan: { ...plan, warnings: [...plan.warnings, ...plan.stays.map((s) => `cyclus ${s.year} blijft ${s.refs.map(refText).join(' + ')} volgen; zet hem daarna over met de knop Toepassen op de pagina Sjablonen van die cyclus`)] }, templateId: template.id }, template };
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
    return refused('Dit sjabloon past niet bij deze gemeente', error.problems);
  }
}

export async function postTemplates(deps: Deps, event: HttpEvent): Promise<HttpResult> {
  const opened = await open(deps, event);
  const form = await templateForm(event);
  // The form token before anything else: another site cannot have a template checked or loaded.
  checkFormToken(opened.sessionToken, form.fields.formulier);
  const self = selfOf(opened);
  const page = at(opened, self);
  const actie = form.fields.actie ?? '';
  if (actie === 'controleren' || actie === 'laden') {
    const upload = actie === 'controleren' ? form.file : form.fields.yaml !== undefined ? { name: form.fields.bestandsnaam || 'sjabloon.yaml', text: normalisedYaml(form.fields.yaml), tooLarge: false } : undefined;
    if (!upload?.text.trim()) {
      const state: FormState = { form: 'sjabloon', values: {}, errors: { bestand: upload ? 'Het gekozen bestand is leeg. Kies een sjabloonbestand (YAML).' : 'Kies een sjabloonbestand (YAML) om te controleren.' } };
      return templates(deps, page, { state, status: 400 });
    }
    if (upload.tooLarge) {
      const state: FormState = { form: 'sjabloon', values: {}, errors: { bestand: 'Het bestand is groter dan 1 MiB, de grens voor een sjabloon. Maak het kleiner en kies het opnieuw.' } };
      return templates(deps, page, { state, status: 413 });
    }
    const outcome = await checked(deps, opened, upload.text, upload.name.slice(0, 200));
    if (!('check' in outcome)) return templates(deps, page, outcome);
    if (actie === 'controleren') return templates(deps, page, { check: outcome.check });
    if (outcome.check.plan.unchanged) return redirect(`${self}?gedaan=sjabloon-ongewijzigd`);
    const actor = actorOf(opened.steering.principal);
    const when = deps.clock.now().toISOString();
    const version = await applyTemplateLoad(deps.store, opened.ctx.tenant, outcome.template, upload.text, { at: when, actor });
    const replaces = outcome.check.plan.replaces;
    await deps.store.audit.append(opened.ctx.tenant, opened.ctx.year, {
      instanceId: CYCLE_AUDIT,
      at: when,
      actor,
      action: 'sjabloon geladen',
      detail: { sjabloon: refText(version), geldig: `${version.validFrom}-${version.validTo}`, vervangt: replaces ? refText(replaces) : 'geen' },
    });
    return redirect(`${self}?gedaan=sjabloon-geladen`);
  }
  try {
    if (actie !== 'toepassen') throw new HttpProblem(400, 'Onbekende actie', 'Kies een actie met een van de knoppen op de pagina.');
    return redirect(`${self}?gedaan=${await applyMove(deps, opened, form.fields.naar ?? '')}`);
  } catch (error) {
    return templates(deps, page, failed('toepassen', form.fields, error));
  }
}

const changedMeanwhile = () =>
  new HttpProblem(409, 'Intussen gewijzigd', 'Er is intussen een andere sjabloonversie in gebruik genomen, of de cyclus is al overgezet. Bekijk het plan hieronder opnieuw en pas het dan toe.');

/** Moves the cycle to the versions in use for its year (the ones the page showed), and completes the move at once. */
async function applyMove(deps: Deps, o: Opened, shownTo: string): Promise<string> {
  const { tenant, year } = o.ctx;
  if (o.cycle.pendingMove && o.cycle.templates) {
    if (refsKey(o.cycle.templates) !== shownTo) throw changedMeanwhile();
    await completeCycleMove(deps, tenant, year);
    return 'sjabloon-toegepast';
  }
  let plan;
  try {
    plan = await planCycleMove(deps, tenant, year);
  } catch (error) {
    if (error instanceof AdminError) throw new HttpProblem(409, 'Overzetten kan niet', error.problems.join('; '));
    throw error;
  }
  if (refsKey(plan.to) !== shownTo) throw changedMeanwhile();
  if (!plan.instances.length && refsKey(plan.from) === refsKey(plan.to)) return 'niets-toe-te-passen';
  if (!(await requestCycleMove(deps, plan, { actor: actorOf(o.steering.principal), at: deps.clock.now().toISOString() }))) throw changedMeanwhile();
  await completeCycleMove(deps, tenant, year);
  return 'sjabloon-toegepast';
}
