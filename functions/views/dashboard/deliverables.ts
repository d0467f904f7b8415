import { NO_DATE, type OverviewRow, type RowFilter, type TimelineMonth } from '../../core/overview.js';
import { kindLabel, shownStatuses, statusLabel, type Party } from '../../core/model.js';
import { deliverableKinds } from '../../core/template.js';
import { html, SafeHtml } from '../html.js';
import { basePath, dashboardPage, deliverablePath, day, moment, scrollRegion, statusBadge, type DashboardContext } from './layout.js';

function select(id: string, label: string, options: [string, string][], chosen: string | undefined) {
  return html`<div><label for="${id}">${label}</label>
<select id="${id}" name="${id}">${options.map(([value, text]) => html`<option value="${value}"${value === (chosen ?? '') ? new SafeHtml(' selected') : ''}>${text}</option>`)}</select></div>`;
}

/**
 * Leveringen: every deliverable of the year, filterable by party, kind, status and the month of
 * its last day (the Jaaroverzicht's counts link here), sortable by due date.
 */
export function deliverablesPage(ctx: DashboardContext, rows: OverviewRow[], total: number, parties: Party[], filter: RowFilter, months: TimelineMonth[]): string {
  const base = basePath(ctx);
  const order = filter.sorteer ?? 'oplopend';
  const chosen = { ...(filter.partij ? { partij: filter.partij } : {}), ...(filter.soort ? { soort: filter.soort } : {}), ...(filter.status ? { status: filter.status } : {}), ...(filter.maand ? { maand: filter.maand } : {}) };
  const sortLink = new URLSearchParams({ ...chosen, sorteer: order === 'oplopend' ? 'aflopend' : 'oplopend' });
  const body = html`<h1>Leveringen ${ctx.year}</h1>
<form method="get" action="${base}/leveringen" class="huis-filter" aria-label="Filter de leveringen">
${select('partij', 'Partij', [['', 'Alle partijen'], ...parties.map((p): [string, string] => [p.partyId, p.name])], filter.partij)}
${select('soort', 'Soort', [['', 'Alle soorten'], ...deliverableKinds.map((k): [string, string] => [k, kindLabel[k]])], filter.soort)}
${select('status', 'Status', [['', 'Alle statussen'], ...shownStatuses.map((s): [string, string] => [s, statusLabel[s]])], filter.status)}
${select('maand', 'Maand van de laatste dag', [['', 'Alle maanden'], ...months.map((m): [string, string] => [m.key, m.label]), [NO_DATE, 'Nog zonder datum']], filter.maand)}
${select('sorteer', 'Volgorde', [['oplopend', 'Eerste termijn eerst'], ['aflopend', 'Laatste termijn eerst']], order)}
<button type="submit">Filteren</button>
</form>
<p role="status">${rows.length} van ${total} leveringen${rows.length < total ? html` · <a href="${base}/leveringen">Toon alle</a>` : ''}</p>
${scrollRegion('Tabel met leveringen', html`<table>
<caption class="visually-hidden">Leveringen ${ctx.year}, ${order === 'oplopend' ? 'eerste termijn eerst' : 'laatste termijn eerst'}</caption>
<thead><tr>
<th scope="col">Levering</th><th scope="col">Partij</th><th scope="col">Soort</th>
<th scope="col" aria-sort="${order === 'oplopend' ? 'ascending' : 'descending'}"><a href="${base}/leveringen?${sortLink.toString()}">Laatste dag<span class="visually-hidden">, sorteer ${order === 'oplopend' ? 'aflopend' : 'oplopend'}</span></a></th>
<th scope="col">Status</th><th scope="col">Ingediend</th><th scope="col">Afspraak</th>
</tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr>
<td><a href="${deliverablePath(ctx, r.instanceId)}">${r.title}</a><br><span class="huis-klein">${r.dueText}</span></td>
<td>${r.partyName}</td><td>${r.kindLabel}</td><td>${day(r.lastDay)}</td><td>${statusBadge(r.status)}</td>
<td>${r.lastSubmittedAt ? html`${moment(r.lastSubmittedAt)}${r.submissions > 1 ? ` (${r.submissions} versies)` : ''}` : '—'}</td>
<td>${r.clauses}</td>
</tr>`,
)}
</tbody>
</table>`)}`;
  return dashboardPage(ctx, 'Leveringen', body);
}
