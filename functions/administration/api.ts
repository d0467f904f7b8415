import type { Uses } from '../adapters/deps.js';
import { refText } from '../adapters/store/templates.js';
import { ADMINISTRATOR_GROUP, authorizeCoordinator, type CoordinatorPrincipal } from '../coordinator/auth.js';
import { readContactsCsv } from '../core/contacts-csv.js';
import { checkTemplate } from '../core/template-file.js';
import { coordinatorBody, cycleMoveBody, openingDayBody } from '../http/admin-schemas.js';
import { dispatch } from '../http/dispatch.js';
import { bodyText, HttpProblem, httpHandler, jsonBody, jsonResponse, type HttpEvent } from '../http/handler.js';
import { AdminError, applyContactImport, createTenant, planContactImport, setCoordinator, setOpeningDay, tenantInput } from '../services/administration.js';
import { actorOf } from '../services/steering.js';
import { applyTemplateLoad, planTemplateLoad } from '../services/template-load.js';
import { completeCycleMove, planCycleMove, requestCycleMove } from '../services/template-move.js';

/** A template or contacts file larger than this is refused before it is read. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The administration API (`/api/beheer/…`): what `npm run beheer` does, for an administrator (the
 * Cognito group `beheerder`) of the municipality in the address (its group `tenant:<id>`); creating
 * a municipality needs only the group. The same services as the command; every refusal a 4xx in
 * Dutch that names what to change, and nothing written.
 */
type AdminDeps = Uses<'store' | 'engine' | 'clock', 'coordinatorAuth'>;

const tenantId = /^[a-z0-9][a-z0-9-]{0,59}$/;

async function administrator(deps: AdminDeps, event: HttpEvent, tenant?: string): Promise<CoordinatorPrincipal> {
  const principal = await authorizeCoordinator(event, deps.config);
  if (!principal.administrator) throw new HttpProblem(403, 'Alleen voor beheerders', `Hiervoor moet u in de groep ${ADMINISTRATOR_GROUP} zitten. Vraag de beheerder van de installatie daarom.`);
  if (tenant !== undefined && !principal.tenants.includes(tenant)) {
    throw new HttpProblem(403, 'Geen toegang tot deze gemeente', 'U bent beheerder van een andere gemeente. Vraag de beheerder van de installatie om toegang als dat nodig is.');
  }
  return principal;
}

function tenantOf(event: HttpEvent): string {
  const tenant = event.pathParameters?.tenant ?? '';
  if (!tenantId.test(tenant)) throw new HttpProblem(404, 'Onbekende gemeente', 'Controleer de naam van de gemeente in het adres.');
  return tenant;
}

function yearOf(event: HttpEvent): number {
  const year = Number(event.pathParameters?.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2200) throw new HttpProblem(404, 'Onbekend jaar', 'Het jaar in het adres ligt tussen 2000 en 2200.');
  return year;
}

/** A file sent as the body (text/csv, a YAML type or text/plain). */
function fileBody(event: HttpEvent, what: string, types: RegExp): string {
  const type = (event.headers['content-type'] ?? '').toLowerCase();
  if (!types.test(type)) throw new HttpProblem(415, `Verstuur ${what} als tekst`, `Stuur ${what} als de inhoud van het verzoek, met Content-Type ${types === csvTypes ? 'text/csv' : 'application/yaml'}.`);
  const text = bodyText(event);
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) throw new HttpProblem(413, 'Bestand te groot', `${what} mag hoogstens 1 MiB zijn.`);
  if (!text.trim()) throw new HttpProblem(400, 'Leeg bestand', `Stuur ${what} mee als de inhoud van het verzoek.`);
  return text;
}
const csvTypes = /^text\/(csv|plain)\b/;
const yamlTypes = /^(application\/(x-)?yaml|text\/(x-)?yaml|text\/plain)\b/;
const carryOut = (event: HttpEvent) => event.queryStringParameters?.uitvoeren === 'ja';

/** An AdminError is the caller's to fix: 409 with every problem listed. */
async function refusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
    throw new HttpProblem(409, 'Niet uitgevoerd', `${error.problems.join('; ')}. Er is niets gewijzigd.`);
  }
}

export function createAdministrationHandler(deps: AdminDeps) {
  const at = () => deps.clock.now().toISOString();
  const routes = dispatch<'administration'>(
    {
      'POST /api/beheer/tenants': async (e) => {
        await administrator(deps, e);
        const input = jsonBody(e, tenantInput, 'gemeente');
        const { tenant, created } = await refusals(() => createTenant(deps.store, input));
        return jsonResponse(created ? 201 : 200, { tenantId: tenant.tenantId, name: tenant.name, aangemaakt: created });
      },
      'POST /api/beheer/tenants/{tenant}/contacts': async (e) => {
        const tenant = tenantOf(e);
        await administrator(deps, e, tenant);
        const read = readContactsCsv(fileBody(e, 'het contactenbestand', csvTypes));
        if (!read.ok) throw new HttpProblem(400, 'Het bestand klopt niet', `${read.problems.join('; ')}. Er is niets geïmporteerd.`);
        const plan = await refusals(() => planContactImport(deps.store, tenant, read.rows));
        if (carryOut(e)) await applyContactImport(deps.store, plan);
        return jsonResponse(200, { uitgevoerd: carryOut(e), wijzigingen: plan.changes, ongewijzigd: plan.unchanged, nietInBestand: plan.notInFile });
      },
      'POST /api/beheer/tenants/{tenant}/coordinators': async (e) => {
        const tenant = tenantOf(e);
        await administrator(deps, e, tenant);
        const input = jsonBody(e, coordinatorBody, 'coördinator');
        const after = await refusals(() => setCoordinator(deps.store, tenant, input.partyId, input.contactId, input.aan));
        return jsonResponse(200, { coordinatoren: after.map((c) => ({ partyId: c.partyId, contactId: c.contactId, name: c.name })) });
      },
      'POST /api/beheer/tenants/{tenant}/opening-day': async (e) => {
        const tenant = tenantOf(e);
        await administrator(deps, e, tenant);
        const input = jsonBody(e, openingDayBody, 'openingsdatum');
        const saved = await refusals(() => setOpeningDay(deps.store, tenant, input.datum));
        return jsonResponse(200, { tenantId: tenant, ...(saved.opensNextYearOn ? { opentOp: saved.opensNextYearOn } : {}) });
      },
      'GET /api/beheer/tenants/{tenant}/templates': async (e) => {
        const tenant = tenantOf(e);
        await administrator(deps, e, tenant);
        const [versions, inUse] = await Promise.all([deps.store.templates.versions(tenant), deps.store.templates.inUse(tenant)]);
        const view = ({ hash: _h, bytes: _b, ...v }: (typeof versions)[number]) => v;
        return jsonResponse(200, { versies: versions.map(view), inGebruik: inUse.map(view) });
      },
      'POST /api/beheer/tenants/{tenant}/templates': async (e) => {
        const tenant = tenantOf(e);
        const principal = await administrator(deps, e, tenant);
        const checked = checkTemplate(fileBody(e, 'het sjabloon', yamlTypes));
        if (!checked.ok) throw new HttpProblem(400, 'Geen geldig sjabloon', `${checked.problems.join('; ')}. Er is niets opgeslagen.`);
        const year = e.queryStringParameters?.jaar ? Number(e.queryStringParameters.jaar) : undefined;
        const yaml = bodyText(e);
        const plan = await refusals(() => planTemplateLoad(deps.store, tenant, checked.template, yaml, { ...(year && Number.isInteger(year) ? { year } : {}), now: deps.clock.now() }));
        const version = carryOut(e) && !plan.unchanged ? await applyTemplateLoad(deps.store, tenant, checked.template, yaml, { at: at(), actor: actorOf(principal) }) : undefined;
        const shown = version ?? plan.replaces;
        return jsonResponse(200, {
          uitgevoerd: Boolean(version),
          ongewijzigd: plan.unchanged,
          samenvatting: plan.summary,
          verschillen: plan.diff,
          kalender: { jaar: plan.calendar.year, regels: plan.calendar.lines },
          waarschuwingen: plan.warnings,
          ...(shown ? { versie: { id: shown.id, version: shown.version, title: shown.title, validFrom: shown.validFrom, validTo: shown.validTo, loadedAt: shown.loadedAt, loadedBy: shown.loadedBy } } : {}),
        });
      },
      'POST /api/beheer/tenants/{tenant}/cycles/{year}/template': async (e) => {
        const tenant = tenantOf(e);
        const year = yearOf(e);
        const principal = await administrator(deps, e, tenant);
        const input = jsonBody(e, cycleMoveBody, 'overzetting');
        const to = input.versies?.map((v) => ({ id: v.split('@')[0]!, version: Number(v.split('@')[1]) }));
        const plan = await refusals(() => planCycleMove(deps, tenant, year, to));
        let started: string[] = [];
        if (input.uitvoeren) {
          if (!(await requestCycleMove(deps, plan, { actor: actorOf(principal), at: at() }))) throw new HttpProblem(409, 'Intussen gewijzigd', 'Iemand anders heeft de cyclus intussen overgezet. Vraag het overzicht opnieuw op.');
          started = await completeCycleMove(deps, tenant, year);
        }
        return jsonResponse(200, { uitgevoerd: input.uitvoeren, van: plan.from.map(refText), naar: plan.to.map(refText), wijzigingen: plan.instances.map((c) => c.line), gestart: started });
      },
    },
    () => new HttpProblem(405, 'Deze methode kan hier niet', 'Gebruik de methode die in docs/openapi.json bij dit adres staat.'),
  );
  return httpHandler(routes, 'json');
}
