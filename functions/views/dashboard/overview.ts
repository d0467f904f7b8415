import { NO_DATE, statusCounts, type PlacedRow, type Timeline } from '../../core/overview.js';
import type { ShownStatus } from '../../core/model.js';
import { html } from '../html.js';
import { basePath, dashboardPage, day, field, formHeader, scrollRegion, statusBadge, type DashboardContext, type FormState } from './layout.js';

export interface DatedItem {
  id: string;
  title: string;
  /** The window the agreement gives (meetings), as text. */
  window?: string;
  date?: string;
}

export interface OverviewView {
  counts: { status: ShownStatus; label: string; count: number }[];
  timeline: Timeline<PlacedRow>;
  meetings: DatedItem[];
  events: DatedItem[];
  warnings: string[];
}

const deliverables = (n: number) => (n === 1 ? '1 levering' : `${n} leveringen`);

/**
 * A month of a party's lane (or its deliverables without a date): how many, linked to the list of
 * exactly those, and how many per status. The link says whose and when, also out of the table (WCAG 2.4.4).
 */
function cell(ctx: DashboardContext, rows: PlacedRow[], partyId: string, where: { maand: string; label: string }) {
  if (!rows.length) return '';
  const href = `${basePath(ctx)}/leveringen?${new URLSearchParams({ partij: partyId, maand: where.maand }).toString()}`;
  const per = statusCounts(rows).filter((c) => c.count);
  return html`<a href="${href}">${deliverables(rows.length)}<span class="visually-hidden"> ${where.label}</span></a>
<ul>${per.map((c) => html`<li>${c.count} ${statusBadge(c.status)}</li>`)}</ul>`;
}

/**
 * Jaaroverzicht: counts per status, the year per month with a lane per party (how many are due
 * when, and how they stand, each linked to the list of those deliverables), and the dates to set.
 * It reads the cycle's summary, not the deliverables: the page is as fast in a year of 300 as of 70.
 */
export function overviewPage(ctx: DashboardContext, view: OverviewView, options: { state?: FormState; notice?: string } = {}): string {
  const base = basePath(ctx);
  const { months, lanes } = view.timeline;
  const body = html`<h1>Jaaroverzicht ${ctx.year}</h1>
<h2>Stand van zaken</h2>
<ul class="huis-tellers">
${view.counts.map((c) => html`<li><a href="${base}/leveringen?status=${c.status}"><strong>${c.count}</strong> ${c.label}</a></li>`)}
</ul>
${view.warnings.length ? html`<div class="huis-melding"><h2>Aandachtspunten in de planning</h2><ul>${view.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
<h2>Tijdlijn per maand</h2>
<p>Per partij hoeveel leveringen in welke maand hun laatste dag hebben, en hoe die ervoor staan. Elk aantal opent de lijst van die leveringen. Leveringen waarvan de termijn nog van een datum afhangt, staan eronder bij <a href="#zonder-datum">Nog zonder datum</a>.</p>
${scrollRegion('Tijdlijn per maand', html`<table class="huis-tijdlijn">
<caption class="visually-hidden">Aantal leveringen per partij en per maand, ${ctx.year}</caption>
<thead><tr><th scope="col">Partij</th>${months.map((m) => html`<th scope="col">${m.label}</th>`)}</tr></thead>
<tbody>
${lanes.map(
  (lane) =>
    html`<tr><th scope="row">${lane.partyName}</th>${lane.cells.map((rows, i) => html`<td>${cell(ctx, rows, lane.partyId, { maand: months[i]!.key, label: `van ${lane.partyName} in ${months[i]!.label}` })}</td>`)}</tr>`,
)}
</tbody>
</table>`)}
<h3 id="zonder-datum">Nog zonder datum</h3>
${lanes.some((l) => l.undated.length)
    ? html`<ul class="huis-plat">${lanes
        .filter((l) => l.undated.length)
        .map((l) => html`<li><strong>${l.partyName}</strong>: ${cell(ctx, l.undated, l.partyId, { maand: NO_DATE, label: `van ${l.partyName} zonder datum` })}</li>`)}</ul>`
    : html`<p>Alle leveringen hebben een termijn.</p>`}
<h2>Vergaderingen en gebeurtenissen</h2>
${view.meetings.length + view.events.length
    ? html`<p>Een datum vastleggen of verplaatsen zet de termijnen die ervan afhangen meteen goed; de herinneringen volgen de nieuwe datum.</p>
<div class="huis-acties">
${view.meetings.map((m) => dateForm(ctx, options.state, 'vergadering', m))}
${view.events.map((e) => dateForm(ctx, options.state, 'gebeurtenis', e))}
</div>`
    : html`<p>De afspraken van deze gemeente kennen geen vergaderingen of gebeurtenissen met een datum.</p>`}
<h2>Volgend jaar</h2>
<p><a href="${base}/volgend-jaar">De cyclus ${ctx.year + 1} bekijken en openen</a>: welke sjablonen, welke leveringen en wat er in de planning aandacht vraagt.</p>
<h2>Downloads</h2>
<ul>
<li><a href="${base}/export.csv" download>Stand van het jaar als CSV (Excel)</a></li>
<li><a href="${base}/export.ics" download>Alle termijnen als agenda (ICS)</a></li>
<li><a href="${base}/verantwoording">Verantwoording van het jaar (om te printen)</a></li>
</ul>`;
  return dashboardPage(ctx, 'Jaaroverzicht', body, options);
}

function dateForm(ctx: DashboardContext, state: FormState | undefined, kind: 'vergadering' | 'gebeurtenis', item: DatedItem) {
  const form = `${kind}-${item.id}`;
  const [date, time] = (item.date ?? '').split('T');
  return html`<form class="huis-kaart" method="post" action="${basePath(ctx)}/datums" novalidate>
<h3>${item.title}</h3>
<p>${item.date ? html`Vastgelegd: ${day(item.date)}${time ? ` om ${time}` : ''}` : 'Nog geen datum.'}${item.window ? html`<br><span class="huis-klein">Volgens de afspraken: ${item.window}</span>` : ''}</p>
${formHeader(ctx, kind)}
<input type="hidden" name="id" value="${item.id}">
${field(state, form, 'datum', kind === 'vergadering' ? 'Datum van de vergadering' : 'Datum', { type: 'date', value: date })}
${kind === 'vergadering' ? field(state, form, 'tijd', 'Begintijd (niet verplicht)', { type: 'time', value: time }) : ''}
${field(state, form, 'reden', 'Reden (niet verplicht)', { hint: 'Komt in het logboek, bijvoorbeeld bij een verplaatsing.' })}
<button type="submit">${item.date ? 'Datum wijzigen' : 'Datum vastleggen'}</button>
</form>`;
}
