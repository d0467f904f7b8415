import type { AuditEntry, InstanceRecords } from '../../core/model.js';
import type { OverviewRow } from '../../core/overview.js';
import { html } from '../html.js';
import { receiptLine, type VersionReceipts } from './forwards.js';
import { dashboardPage, day, moment, scrollRegion, statusBadge, type DashboardContext } from './layout.js';

export interface AccountabilityView {
  /** With a submitted deliverable, what became of its latest version: forwards and confirmations of receipt. */
  rows: { row: OverviewRow; records: InstanceRecords; latest?: VersionReceipts }[];
  partyNames: Record<string, string>;
  counts: { label: string; count: number }[];
  /** Decisions about the year as a whole: meeting dates set or moved, events recorded. */
  cycleLog: AuditEntry[];
  generatedAt: Date;
}

const reasonOf = (a: AuditEntry) => (typeof a.detail.reden === 'string' ? a.detail.reden : '');

/**
 * De verantwoording van het jaar, for the annual report: what was due, what came when, what was
 * extended or waived and why. One page that prints cleanly (navigation and forms are left out).
 */
export function accountabilityPage(ctx: DashboardContext, view: AccountabilityView): string {
  const body = html`<h1>Verantwoording prestatieafspraken ${ctx.tenantName} ${ctx.year}</h1>
<p>Opgemaakt op ${moment(view.generatedAt.toISOString())} uit de vastgelegde termijnen, inzendingen en het logboek. Alle data in Nederlandse tijd.</p>
<h2>Samenvatting</h2>
<ul>${view.counts.filter((c) => c.count > 0).map((c) => html`<li>${c.label}: ${c.count}</li>`)}</ul>
<h2>Per levering</h2>
${scrollRegion('Per levering', html`<table>
<caption class="visually-hidden">Per levering: termijn, ontvangst, bevestiging door de andere partijen, verlengingen en vrijstellingen</caption>
<thead><tr><th scope="col">Levering</th><th scope="col">Afspraak</th><th scope="col">Termijn</th><th scope="col">Ontvangen</th><th scope="col">Ontvangst bevestigd</th><th scope="col">Status</th><th scope="col">Verlengd of vrijgesteld, en waarom</th></tr></thead>
<tbody>
${view.rows.map(({ row, records, latest }) => {
  const extensions = records.audit.filter((a) => a.action === 'verlengd').sort((a, b) => a.at.localeCompare(b.at));
  const waived = records.audit.find((a) => a.action === 'vrijgesteld');
  const versions = [...records.submissions].sort((a, b) => a.version - b.version);
  const first = versions[0];
  return html`<tr>
<td>${row.title}<br><span class="huis-klein">${row.partyName}</span></td>
<td>${row.clauses}</td>
<td>${extensions.length ? html`oorspronkelijk ${day(String(extensions[0]!.detail.van))}, nu ${day(row.lastDay)}` : row.lastDay ? day(row.lastDay) : row.dueText}</td>
<td>${first
    ? html`${moment(first.submittedAt)}${first.late ? ' (te laat)' : ''}${first.contactId === 'buiten-systeem' ? ' · buiten het systeem' : ''}${versions.length > 1 ? html`<br><span class="huis-klein">${versions.length} versies, laatste ${moment(versions.at(-1)!.submittedAt)}</span>` : ''}`
    : '—'}</td>
<td>${latest ? `${versions.length > 1 ? `versie ${latest.version}: ` : ''}${receiptLine(latest, view.partyNames) || 'voor geen andere partij bestemd'}` : '—'}</td>
<td>${statusBadge(row.status)}</td>
<td>${extensions.map((e) => html`verlengd tot ${day(String(e.detail.tot))} op ${moment(e.at)} door ${e.actor}: ${reasonOf(e)}<br>`)}${waived ? html`vrijgesteld op ${moment(waived.at)} door ${waived.actor}: ${reasonOf(waived)}` : ''}</td>
</tr>`;
})}
</tbody>
</table>`)}
<h2>Besluiten over de planning</h2>
${view.cycleLog.length
    ? html`<ul>${view.cycleLog.map((a) => html`<li>${moment(a.at)}, ${a.actor}: ${a.action} (${Object.entries(a.detail).map(([k, v]) => `${k} ${String(v)}`).join(', ')})</li>`)}</ul>`
    : html`<p>Geen.</p>`}`;
  return dashboardPage(ctx, 'Verantwoording', body);
}
