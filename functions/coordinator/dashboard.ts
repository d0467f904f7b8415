import type { z } from 'zod';
import { publicUrl, type Deps } from '../adapters/deps.js';
import { contactBody, contactStateBody, manageLinksBody, receivedBody, recordDateBody, steerDeliverableBody } from '../http/api-schemas.js';
import { checkFormToken, dashboardFormActions, formTokenOf, sessionCycle, sessionPrincipal } from './session.js';
import { planWarnings } from '../core/calendar.js';
import { slotsOf } from '../core/instance.js';
import { shownStatus } from '../core/model.js';
import { filterRows, overviewRows, statusCounts, timeline, type RowFilter } from '../core/overview.js';
import { verifyReceipt } from '../core/receipt.js';
import { ruleText } from '../core/rule-text.js';
import { localDateOf } from '../core/time.js';
import { cycleExport } from './export-cycle.js';
import { formBody, HttpProblem, htmlResponse, httpHandler, redirect, type HttpEvent, type HttpResult } from '../http/handler.js';
import {
  CYCLE_AUDIT,
  extendDeadline,
  loadCoordinatorUpload,
  manageLinks,
  markReceived,
  newCoordinatorUploadPrefix,
  recordCycleDate,
  saveContact,
  setContactActive,
  waiveDeliverable,
} from '../services/steering.js';
import { accountabilityPage } from '../views/dashboard/accountability.js';
import { deliverablesPage } from '../views/dashboard/deliverables.js';
import { detailPage, type DetailView } from '../views/dashboard/detail.js';
import { basePath, deliverablePath, type DashboardContext, type FormState } from '../views/dashboard/layout.js';
import { startPage } from '../views/dashboard/start.js';
import { overviewPage } from '../views/dashboard/overview.js';
import { partiesPage } from '../views/dashboard/parties.js';
import { stylesheet } from '../views/dashboard/stylesheet.js';

/** What a successful action says on the page it returns to (a fixed text per code: nothing from the request is echoed). */
const notices: Record<string, string> = {
  verlengd: 'De termijn is verlengd. De herinneringen volgen de nieuwe datum.',
  vrijgesteld: 'De levering is vrijgesteld voor dit jaar. Er gaan geen herinneringen meer uit.',
  ontvangen: 'De levering is vastgelegd als ontvangen, met een ondertekend ontvangstbewijs.',
  'link-versturen': 'De link is nog eens verstuurd.',
  'link-intrekken': 'De links zijn ingetrokken.',
  'link-opnieuw-versturen': 'De oude links zijn ingetrokken en er is een nieuwe link verstuurd.',
  datum: 'De datum is vastgelegd. Termijnen die ervan afhangen zijn bijgewerkt.',
  'contact-toevoegen': 'Het contact is toegevoegd.',
  'contact-wijzigen': 'De gegevens van het contact zijn opgeslagen.',
  'contact-deactiveren': 'Het contact is gedeactiveerd en krijgt geen berichten meer.',
  'contact-activeren': 'Het contact is weer actief.',
};

const htmlPage = (status: number, body: string): HttpResult => htmlResponse({ status, html: body });

/**
 * A failed form: zod's messages per field (or a problem for the whole form), and what was typed.
 * Anything else is not the user's to fix and goes on to the error mapping.
 */
function failed(form: string, values: Record<string, string>, error: unknown, fieldOf: (path: string) => string = (p) => p): PageOptions {
  if (!(error instanceof HttpProblem) && (error as Error).name !== 'ZodError') throw error;
  if (error instanceof HttpProblem) return { state: { form, values, errors: {}, problem: { title: error.title, text: error.text } }, status: error.status };
  const issues = (error as z.ZodError).issues;
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[fieldOf(String(issue.path[0] ?? 'actie'))] ??= issue.message;
  return { state: { form, values, errors }, status: 400 };
}

/** How a page is shown: after an action (a notice), or again after a failed form (its state, a 4xx). */
interface PageOptions {
  notice?: string;
  state?: FormState;
  status?: number;
}

/**
 * The coordinator's dashboard: server-rendered pages in Dutch that work without JavaScript, each
 * behind the session sign-in and scoped to the coordinator's own municipality; forms post back,
 * act through the same steering functions as the API, and redirect (post/redirect/get).
 */
export function createDashboardHandler(deps: Deps) {

  /** A dashboard request: signed in, this municipality, an opened cycle; with the cycle and the directory it read. */
  async function open(event: HttpEvent) {
    const s = await sessionCycle(event, deps.config);
    const [cycle, directory] = await Promise.all([deps.store.getCycle(s.tenant, s.year), deps.store.directory(s.tenant)]);
    if (!cycle) throw new HttpProblem(404, 'Geen cyclus gevonden', `Er is voor ${s.year} nog geen cyclus geopend voor deze gemeente. Kies een ander jaar op /beheer.`);
    const ctx: DashboardContext = {
      tenant: s.tenant,
      tenantName: directory.tenant?.name ?? s.tenant,
      year: s.year,
      formToken: s.formToken,
      signedInAs: s.principal.name ?? s.principal.subject,
      path: event.rawPath,
    };
    return { ctx, steering: { tenant: s.tenant, year: s.year, principal: s.principal }, sessionToken: s.sessionToken, cycle, directory };
  }

  type Opened = Awaited<ReturnType<typeof open>>;
  /** The opened request as the page at `path`: a failed form is shown again on its own page. */
  const at = (o: Opened, path: string): Opened => ({ ...o, ctx: { ...o.ctx, path } });

  /** A posted dashboard form: signed in, this municipality, the session's form token; its fields. */
  async function openForm(event: HttpEvent) {
    const opened = await open(event);
    const params = formBody(event);
    checkFormToken(opened.sessionToken, params.get('formulier'));
    return { ...opened, values: Object.fromEntries(params) as Record<string, string> };
  }

  const shown = (event: HttpEvent): PageOptions => {
    const notice = notices[event.queryStringParameters?.gedaan ?? ''];
    return notice ? { notice } : {};
  };

  async function home(event: HttpEvent): Promise<HttpResult> {
    const { principal, token } = await sessionPrincipal(event, deps.config);
    const thisYear = localDateOf(deps.clock.now()).year;
    const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];
    const perTenant = await Promise.all(
      principal.tenants.map(async (tenant) => {
        const [t, cycles] = await Promise.all([deps.store.getTenant(tenant), Promise.all(years.map((year) => deps.store.getCycle(tenant, year)))]);
        return years.filter((_, i) => cycles[i]).map((year) => ({ tenant, name: t?.name ?? tenant, year }));
      }),
    );
    const entries = perTenant.flat();
    return htmlPage(200, startPage(principal.name ?? principal.subject, entries, formTokenOf(token)));
  }

  async function overview({ ctx, cycle, directory }: Opened, page: PageOptions): Promise<HttpResult> {
    const [records, stored] = await Promise.all([deps.store.loadCycle(ctx.tenant, ctx.year), deps.store.getTemplate(ctx.tenant)]);
    const rows = overviewRows(records, directory.parties, deps.clock.now());
    const facts = cycle.facts;
    const range = (w: { from: { month: number; day: number }; to: { month: number; day: number } }) => `tussen ${w.from.day}-${w.from.month} en ${w.to.day}-${w.to.month}`;
    const view = {
      counts: statusCounts(rows),
      timeline: timeline(rows, directory.parties, ctx.year),
      meetings: (stored?.template.meetings ?? []).map((m) => ({ id: m.id, title: m.title, window: range(m.window), ...(facts.meetingDates[m.id] ? { date: facts.meetingDates[m.id] } : {}) })),
      events: (stored?.template.events ?? []).map((e) => ({ id: e.id, title: e.title, ...(facts.eventDates[e.id] ? { date: facts.eventDates[e.id] } : {}) })),
      warnings: stored ? planWarnings(stored.template, ctx.year, facts, localDateOf(deps.clock.now())) : [],
    };
    return htmlPage(page.status ?? 200, overviewPage(ctx, view, page));
  }

  async function postDate(event: HttpEvent): Promise<HttpResult> {
    const opened = await openForm(event);
    const { ctx, steering, values } = opened;
    const kind = values.actie === 'vergadering' ? 'meetingDates' : 'eventDates';
    const form = `${values.actie === 'vergadering' ? 'vergadering' : 'gebeurtenis'}-${values.id ?? ''}`;
    try {
      const input = recordDateBody.parse({ date: values.tijd ? `${values.datum}T${values.tijd}` : values.datum, reden: values.reden });
      await recordCycleDate(deps, steering, kind, values.id ?? '', input);
    } catch (error) {
      return overview(at(opened, basePath(ctx)), failed(form, values, error, (p) => (p === 'date' ? 'datum' : p)));
    }
    return redirect(`${basePath(ctx)}?gedaan=datum`);
  }

  async function deliverables(event: HttpEvent): Promise<HttpResult> {
    const { ctx, directory } = await open(event);
    const q = event.queryStringParameters ?? {};
    const filter: RowFilter = {
      ...(q.partij ? { partij: q.partij } : {}),
      ...(q.soort ? { soort: q.soort } : {}),
      ...(q.status ? { status: q.status } : {}),
      sorteer: q.sorteer === 'aflopend' ? 'aflopend' : 'oplopend',
    };
    const records = await deps.store.loadCycle(ctx.tenant, ctx.year);
    const rows = overviewRows(records, directory.parties, deps.clock.now());
    return htmlPage(200, deliverablesPage(ctx, filterRows(rows, filter), rows.length, directory.parties, filter));
  }

  async function detail({ ctx, steering, directory }: Opened, instanceId: string, page: PageOptions & { uploaded?: string }): Promise<HttpResult> {
    const [records, stored, keys] = await Promise.all([
      deps.store.loadInstance(ctx.tenant, ctx.year, instanceId),
      deps.store.getTemplate(ctx.tenant),
      deps.receiptSigner.publicKeys(),
    ]);
    if (!records) throw new HttpProblem(404, 'Onbekende levering', `Er is in ${ctx.year} geen levering "${instanceId}". Kies er een uit de lijst met leveringen.`);
    const { instance } = records;
    const def = stored?.template.deliverables.find((d) => d.id === instance.deliverableId);
    const receiptChecks: DetailView['receiptChecks'] = {};
    for (const s of records.submissions) {
      const key = keys.find((k) => k.keyId === s.receipt.keyId);
      const { receipt, ...content } = s;
      receiptChecks[s.version] = !key ? 'onbekende sleutel' : verifyReceipt(content, receipt, key.publicKeyPem) ? 'geldig' : 'ongeldig';
    }
    let upload: DetailView['upload'];
    if (instance.status !== 'vrijgesteld') {
      const self = deliverablePath(ctx, instanceId);
      const ticket = await deps.documents.presignUpload(newCoordinatorUploadPrefix(steering, instanceId), publicUrl(deps.config, self));
      const key = page.state?.values.document || page.uploaded;
      upload = { ticket };
      if (key) {
        try {
          upload.current = await loadCoordinatorUpload(deps, steering, instanceId, key);
        } catch (error) {
          if (!(error instanceof HttpProblem)) throw error;
          upload.error = error.text;
        }
      }
    }
    const view: DetailView = {
      records,
      status: shownStatus(instance, deps.clock.now()),
      partyName: directory.parties.find((p) => p.partyId === instance.responsible)?.name ?? instance.responsible,
      ...(def && stored ? { rule: ruleText(def, stored.template) } : {}),
      contacts: directory.contacts,
      partyNames: Object.fromEntries(directory.parties.map((p) => [p.partyId, p.name])),
      slots: instance.status === 'open' ? slotsOf(instance) : [],
      receiptChecks,
      ...(upload ? { upload } : {}),
    };
    return htmlPage(page.status ?? 200, detailPage(ctx, view, page));
  }

  async function postDetail(event: HttpEvent): Promise<HttpResult> {
    const opened = await openForm(event);
    const { ctx, steering, values } = opened;
    const instanceId = event.pathParameters?.instance ?? '';
    const self = deliverablePath(ctx, instanceId);
    const actie = values.actie ?? '';
    const linkAction = ['versturen', 'intrekken', 'opnieuw-versturen'].includes(actie);
    const form = linkAction ? 'link' : actie;
    let done: string;
    try {
      if (actie === 'verlengen' || actie === 'vrijstellen') {
        const input = steerDeliverableBody.parse({ actie, ...(actie === 'verlengen' ? { nieuweDatum: values.nieuweDatum } : {}), reden: values.reden });
        if (input.actie === 'verlengen') await extendDeadline(deps, steering, instanceId, input);
        else await waiveDeliverable(deps, steering, instanceId, input.reden);
        done = input.actie === 'verlengen' ? 'verlengd' : 'vrijgesteld';
      } else if (actie === 'ontvangen') {
        await markReceived(deps, steering, instanceId, receivedBody.parse(values));
        done = 'ontvangen';
      } else if (linkAction) {
        const [partyId, contactId] = (values.contact ?? '').split('/');
        await manageLinks(deps, steering, instanceId, manageLinksBody.parse({ actie, partyId, contactId, reden: values.reden }));
        done = `link-${actie}`;
      } else {
        throw new HttpProblem(400, 'Onbekende actie', 'Kies een actie met een van de knoppen op de pagina.');
      }
    } catch (error) {
      return detail(at(opened, self), instanceId, failed(form, values, error, (p) => (p === 'partyId' || p === 'contactId' ? 'contact' : p === 'document' ? 'ontvangenOp' : p)));
    }
    return redirect(`${self}?gedaan=${done}`);
  }

  async function parties({ ctx, directory }: Opened, page: PageOptions): Promise<HttpResult> {
    return htmlPage(page.status ?? 200, partiesPage(ctx, directory.parties, directory.contacts, page));
  }

  async function postParties(event: HttpEvent): Promise<HttpResult> {
    const opened = await openForm(event);
    const { ctx, steering, values } = opened;
    const actie = values.actie ?? '';
    const form = actie === 'wijzigen' ? `wijzigen-${values.contactId ?? ''}` : actie;
    try {
      if (actie === 'toevoegen' || actie === 'wijzigen') {
        await saveContact(deps, steering, contactBody.parse({ ...values, contactId: actie === 'wijzigen' ? values.contactId : undefined }));
      } else if (actie === 'deactiveren' || actie === 'activeren') {
        await setContactActive(deps, steering, contactStateBody.parse(values));
      } else {
        throw new HttpProblem(400, 'Onbekende actie', 'Kies een actie met een van de knoppen op de pagina.');
      }
    } catch (error) {
      return parties(at(opened, `${basePath(ctx)}/partijen`), failed(form, values, error));
    }
    return redirect(`${basePath(ctx)}/partijen?gedaan=contact-${actie}`);
  }

  async function accountability(event: HttpEvent): Promise<HttpResult> {
    const { ctx, directory } = await open(event);
    const { records, yearLog } = await deps.store.loadYear(ctx.tenant, ctx.year);
    const now = deps.clock.now();
    const rows = overviewRows(records, directory.parties, now);
    const byId = new Map(records.map((r) => [r.instance.instanceId, r]));
    return htmlPage(
      200,
      accountabilityPage(ctx, {
        rows: rows.map((row) => ({ row, records: byId.get(row.instanceId)! })),
        counts: statusCounts(rows),
        cycleLog: yearLog.filter((a) => a.instanceId === CYCLE_AUDIT && !a.action.startsWith('contact')),
        generatedAt: now,
      }),
    );
  }

  async function download(event: HttpEvent, format: 'csv' | 'ics'): Promise<HttpResult> {
    const { ctx } = await open(event);
    return cycleExport(deps, ctx.tenant, ctx.year, format);
  }

  const routes: Record<string, (event: HttpEvent) => Promise<HttpResult>> = {
    'GET /beheer': home,
    'GET /beheer/{tenant}/{year}': async (e) => overview(await open(e), shown(e)),
    'POST /beheer/{tenant}/{year}/datums': postDate,
    'GET /beheer/{tenant}/{year}/leveringen': deliverables,
    'GET /beheer/{tenant}/{year}/leveringen/{instance}': async (e) =>
      detail(await open(e), e.pathParameters?.instance ?? '', { ...shown(e), ...(e.queryStringParameters?.key ? { uploaded: e.queryStringParameters.key } : {}) }),
    'POST /beheer/{tenant}/{year}/leveringen/{instance}': postDetail,
    'GET /beheer/{tenant}/{year}/partijen': async (e) => parties(await open(e), shown(e)),
    'POST /beheer/{tenant}/{year}/partijen': postParties,
    'GET /beheer/{tenant}/{year}/verantwoording': accountability,
    'GET /beheer/{tenant}/{year}/export.csv': (e) => download(e, 'csv'),
    'GET /beheer/{tenant}/{year}/export.ics': (e) => download(e, 'ics'),
  };

  return httpHandler(async (event) => {
    if (event.routeKey === 'GET /stijl/beheer.css') {
      return { statusCode: 200, headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' }, body: stylesheet() };
    }
    const route = routes[event.routeKey];
    if (!route) throw new HttpProblem(404, 'Pagina niet gevonden', 'Controleer het adres, of begin op /beheer.');
    try {
      return await route(event);
    } catch (error) {
      // Not signed in (or the session ran out) on a page: to the sign-in, instead of a dead end.
      if (error instanceof HttpProblem && error.status === 401 && event.requestContext.http.method === 'GET') return redirect('/beheer/inloggen');
      throw error;
    }
  }, 'html', { formActions: dashboardFormActions(deps.config) });
}

