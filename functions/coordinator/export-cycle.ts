import type { Deps, Uses } from '../adapters/deps.js';
import type { InstanceRecords } from '../core/model.js';
import { coordinatorCycle } from './auth.js';
import { dutchCsv } from '../core/csv.js';
import { dueText } from '../core/instance.js';
import { shownStatus, statusLabel } from '../core/model.js';
import { yearCalendars } from '../services/calendars.js';
import { fileResponse, HttpProblem, httpHandler, type HttpResult } from '../http/handler.js';

/**
 * GET /api/tenants/{tenant}/cycles/{year}/export.csv: the year's status, for Excel with Dutch
 * settings; …/export.ics: the whole year as a calendar.
 */
export function createExportCycleHandler(deps: Uses<'store' | 'clock', 'coordinatorAuth'>) {
  return httpHandler(async (event) => {
    const { tenant, year } = await coordinatorCycle(event, deps.config);
    return cycleExport(deps, tenant, year, event.rawPath.endsWith('.ics') ? 'ics' : 'csv');
  }, 'json');
}

/** The year as a download: CSV for Excel, or ICS; the API and the dashboard both answer with this. */
export async function cycleExport(deps: Pick<Deps, 'store' | 'clock'>, tenant: string, year: number, format: 'csv' | 'ics'): Promise<HttpResult> {
  const records = await deps.store.cycles.loadCycle(tenant, year);
  if (records.length === 0) throw new HttpProblem(404, 'Geen cyclus gevonden', `Er is voor ${year} nog geen cyclus geopend voor deze gemeente.`);
  if (format === 'ics') {
    return fileResponse('text/calendar; charset=utf-8', 'attachment', `prestatieafspraken-${tenant}-${year}.ics`, (await yearCalendars(deps, tenant, year, records))());
  }
  return fileResponse('text/csv; charset=utf-8', 'attachment', `prestatieafspraken-${tenant}-${year}.csv`, await cycleCsv(deps, tenant, year, records));
}

/** The year's status as CSV for Excel with Dutch settings, one row per deliverable, by last day. */
export async function cycleCsv(deps: Pick<Deps, 'store' | 'clock'>, tenant: string, year: number, records: InstanceRecords[]): Promise<string> {
  const { parties } = await deps.store.tenants.directory(tenant);
  const partyName = (id: string) => parties.find((p) => p.partyId === id)?.name ?? id;
  const now = deps.clock.now();
  const rows = records
    .map(({ instance, notices, submissions }) => {
      const last = [...submissions].sort((a, b) => b.version - a.version)[0];
      return [
        instance.timing.state === 'dated' ? instance.timing.lastDay : '',
        instance.title,
        partyName(instance.responsible),
        statusLabel[shownStatus(instance, now)],
        dueText(instance) ?? (instance.timing.state === 'waiting' ? `wacht op ${instance.timing.waitingFor.title}` : 'geen termijn'),
        last ? last.submittedAt.slice(0, 10) : '',
        submissions.length,
        notices.filter((n) => n.state === 'sent').length,
        [...new Set(instance.clauses.map((c) => c.clause))].join(', '),
        instance.instanceId,
      ];
    })
    .sort((a, b) => String(a[0] || '9999').localeCompare(String(b[0] || '9999')) || String(a[1]).localeCompare(String(b[1])));
  return dutchCsv(
    ['Laatste dag', 'Levering', 'Partij', 'Status', 'Termijn', 'Laatst ingediend', 'Versies', 'Berichten verstuurd', 'Afspraak', 'Kenmerk'],
    rows,
  );
}
