import { publicUrl } from '../adapters/app-config.js';
import type { Deps } from '../adapters/deps.js';
import { planWarnings } from '../core/calendar.js';
import { slotsOf } from '../core/instance.js';
import { shownStatus, type InstanceRecords, type Party } from '../core/model.js';
import { filterRows, NO_DATE, overviewRows, placedRows, statusCounts, timeline, type RowFilter } from '../core/overview.js';
import { verifyReceipt } from '../core/receipt.js';
import { ruleText } from '../core/rule-text.js';
import { localDateOf } from '../core/time.js';
import { HttpProblem, htmlResponse, type HttpEvent, type HttpResult } from '../http/handler.js';
import { confirmedBy } from '../services/confirmations.js';
import { cycleSummary } from '../services/cycle-summary.js';
import { cycleTemplate } from '../services/cycle-template.js';
import { forwardSlotId } from '../services/forwarding.js';
import { checkInstanceId, CYCLE_AUDIT, loadCoordinatorUpload, newCoordinatorUploadPrefix } from '../services/steering.js';
import { accountabilityPage } from '../views/dashboard/accountability.js';
import { deliverablesPage } from '../views/dashboard/deliverables.js';
import { detailPage, type DetailView } from '../views/dashboard/detail.js';
import type { VersionReceipts } from '../views/dashboard/forwards.js';
import { deliverablePath } from '../views/dashboard/layout.js';
import { overviewPage } from '../views/dashboard/overview.js';
import { startPage } from '../views/dashboard/start.js';
import { open, type Opened, type PageOptions } from './dashboard-request.js';
import { cycleExport } from './export-cycle.js';
import { reminderState } from '../workflow/reconcile.js';
import { formTokenOf, sessionPrincipal } from './session.js';

/** The dashboard's pages: each reads what it shows and renders it; a failed form is shown again from what its request read. */
const htmlPage = (status: number, body: string): HttpResult => htmlResponse({ status, html: body });

const partyNamesOf = (parties: Party[]) => Object.fromEntries(parties.map((p) => [p.partyId, p.name]));

/** What became of a stored version: its forwards from the notice ledger, and which parties it is for confirmed receipt. */
function versionReceipts(records: InstanceRecords, version: number): VersionReceipts {
  const slotId = forwardSlotId(version);
  const confirmed = confirmedBy(records, version);
  const { inform, responsible } = records.instance;
  return {
    version,
    slotId,
    forwards: records.notices.filter((n) => n.slotId === slotId).sort((a, b) => (a.sentAt ?? a.claimedAt).localeCompare(b.sentAt ?? b.claimedAt)),
    confirmed,
    unconfirmed: inform.filter((p) => p !== responsible && !confirmed.some((c) => c.partyId === p)),
  };
}

export async function home(deps: Deps, event: HttpEvent): Promise<HttpResult> {
  const { principal, token } = await sessionPrincipal(event, deps.config);
  const thisYear = localDateOf(deps.clock.now()).year;
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];
  const perTenant = await Promise.all(
    principal.tenants.map(async (tenant) => {
      const [t, cycles] = await Promise.all([deps.store.tenants.getTenant(tenant), Promise.all(years.map((year) => deps.store.cycles.get(tenant, year)))]);
      return years.filter((_, i) => cycles[i]).map((year) => ({ tenant, name: t?.name ?? tenant, year }));
    }),
  );
  const entries = perTenant.flat();
  return htmlPage(200, startPage(principal.name ?? principal.subject, entries, formTokenOf(token)));
}

/** The Jaaroverzicht: from the cycle's summary and the (cached) template, never the deliverables themselves. */
export async function overview(deps: Deps, { ctx, cycle, directory }: Opened, page: PageOptions): Promise<HttpResult> {
  const [summary, stored] = await Promise.all([cycleSummary(deps.store, ctx.tenant, ctx.year), cycleTemplate(deps.store, ctx.tenant, ctx.year, cycle)]);
  const rows = placedRows(summary, deps.clock.now());
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

export async function deliverables(deps: Deps, event: HttpEvent): Promise<HttpResult> {
  const { ctx, directory } = await open(deps, event);
  const q = event.queryStringParameters ?? {};
  const filter: RowFilter = {
    ...(q.partij ? { partij: q.partij } : {}),
    ...(q.soort ? { soort: q.soort } : {}),
    ...(q.status ? { status: q.status } : {}),
    // A month from the Jaaroverzicht (2027-02), or the deliverables without a date; anything else is no filter.
    ...(q.maand && (q.maand === NO_DATE || /^\d{4}-(0[1-9]|1[0-2])$/.test(q.maand)) ? { maand: q.maand } : {}),
    sorteer: q.sorteer === 'aflopend' ? 'aflopend' : 'oplopend',
  };
  const records = await deps.store.cycles.loadCycle(ctx.tenant, ctx.year);
  const rows = overviewRows(records, directory.parties, deps.clock.now());
  return htmlPage(200, deliverablesPage(ctx, filterRows(rows, filter), rows.length, directory.parties, filter, timeline(rows, directory.parties, ctx.year).months));
}

export async function detail(deps: Deps, { ctx, steering, directory, cycle }: Opened, instanceId: string, page: PageOptions & { uploaded?: string }): Promise<HttpResult> {
  checkInstanceId(ctx.year, instanceId);
  const [records, stored, keys] = await Promise.all([
    deps.store.cycles.loadInstance(ctx.tenant, ctx.year, instanceId),
    cycleTemplate(deps.store, ctx.tenant, ctx.year, cycle),
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
    partyNames: partyNamesOf(directory.parties),
    slots: instance.status === 'open' ? slotsOf(instance) : [],
    receiptChecks,
    receipts: records.submissions.map((s) => s.version).sort((a, b) => a - b).map((v) => versionReceipts(records, v)),
    ...(upload ? { upload } : {}),
    // The reminders of an open instance that lost its execution (failed, aborted, never started): shown, and restartable.
    remindersStopped: instance.status === 'open' && (await reminderState(deps, records)).state === 'stopped',
  };
  return htmlPage(page.status ?? 200, detailPage(ctx, view, page));
}

export async function accountability(deps: Deps, event: HttpEvent): Promise<HttpResult> {
  const { ctx, directory } = await open(deps, event);
  const { records, yearLog } = await deps.store.cycles.loadYear(ctx.tenant, ctx.year);
  const now = deps.clock.now();
  const rows = overviewRows(records, directory.parties, now);
  const byId = new Map(records.map((r) => [r.instance.instanceId, r]));
  return htmlPage(
    200,
    accountabilityPage(ctx, {
      rows: rows.map((row) => {
        const mine = byId.get(row.instanceId)!;
        const latest = Math.max(0, ...mine.submissions.map((s) => s.version));
        return { row, records: mine, ...(latest ? { latest: versionReceipts(mine, latest) } : {}) };
      }),
      partyNames: partyNamesOf(directory.parties),
      counts: statusCounts(rows),
      // Who is on the contact list, and who coordinates, is no decision about the planning.
      cycleLog: yearLog.filter((a) => a.instanceId === CYCLE_AUDIT && !a.action.startsWith('contact') && !a.action.startsWith('coördinator')),
      generatedAt: now,
    }),
  );
}

export async function download(deps: Deps, event: HttpEvent, format: 'csv' | 'ics'): Promise<HttpResult> {
  const { ctx } = await open(deps, event);
  return cycleExport(deps, ctx.tenant, ctx.year, format);
}
