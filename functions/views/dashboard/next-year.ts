import { refText, type TemplateVersion } from '../../adapters/store/templates.js';
import { html } from '../html.js';
import { basePath, dashboardPage, formHeader, type DashboardContext, type FormState } from './layout.js';

/** What opening next year's cycle would do: the versions it opens from, the plan checks, its deliverables. */
export interface NextYearView {
  next: number;
  /** The cycle of next year is open already. */
  exists: boolean;
  templates: TemplateVersion[];
  /** Why the versions in use do not make one cycle, if they do not. */
  problem?: string;
  warnings: string[];
  count: number;
  /** The first deliverables of the year, by last day. */
  first: { when: string; title: string; party: string }[];
  /** The day the cycle opens by itself ("1 december"), if the municipality set one. */
  opensOn?: string;
}

/** Volgend jaar: next year's cycle as it would open, and the button that opens it. */
export function nextYearPage(ctx: DashboardContext, view: NextYearView, options: { state?: FormState; notice?: string } = {}): string {
  const { next } = view;
  const templatesLink = html`<a href="${basePath(ctx)}/sjablonen">Sjablonen</a>`;
  const body = html`<h1>Cyclus ${next} openen</h1>
${view.exists
    ? html`<p>De cyclus ${next} is geopend. <a href="${basePath({ tenant: ctx.tenant, year: next })}">Naar het jaaroverzicht ${next}</a></p>`
    : !view.templates.length
      ? html`<div class="huis-melding"><h2>Geen sjabloon voor ${next}</h2>
<p>Geen van de sjablonen in gebruik geldt voor ${next}, dus de cyclus kan nog niet worden geopend. Laad een sjabloon (of een nieuwe versie) dat ${next} dekt op de pagina ${templatesLink}; daarna opent u de cyclus hier.</p></div>`
      : html`<p>Zo wordt de cyclus ${next} geopend, uit de sjablonen die nu in gebruik zijn. Wilt u eerst iets veranderen, laad dan een nieuwe versie op de pagina ${templatesLink}.</p>
${view.opensOn ? html`<p>Zonder deze knop opent de cyclus vanzelf op ${view.opensOn}.</p>` : ''}
<h2>Sjablonen</h2>
<ul>${view.templates.map((v) => html`<li><strong>${refText(v)}</strong>: ${v.title} <span class="huis-klein">(geldig ${v.validFrom} tot en met ${v.validTo})</span></li>`)}</ul>
${view.problem
    ? html`<div class="huis-melding"><h2>Deze sjablonen passen niet samen</h2><p>${view.problem}</p><p>Laad op de pagina ${templatesLink} een versie die past.</p></div>`
    : html`<h2>Aandachtspunten in de planning</h2>
${view.warnings.length ? html`<div class="huis-melding"><ul>${view.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : html`<p>Geen: de planning voldoet aan de procesafspraken.</p>`}
<h2>Leveringen</h2>
<p>${view.count} ${view.count === 1 ? 'levering' : 'leveringen'} in ${next}${view.first.length ? ', de eerste:' : '.'}</p>
${view.first.length ? html`<ul>${view.first.map((f) => html`<li>${f.when}: ${f.title} <span class="huis-klein">(${f.party})</span></li>`)}</ul>` : ''}
<form class="huis-kaart" method="post" action="${basePath(ctx)}/volgend-jaar">
${formHeader(ctx, 'openen')}
<p>Bij het openen krijgt elk contact de jaarkalender van ${next} per e-mail, en de herinneringen gaan lopen.</p>
<button type="submit">Cyclus ${next} openen</button>
</form>`}`}`;
  return dashboardPage(ctx, `Cyclus ${next} openen`, body, options);
}
