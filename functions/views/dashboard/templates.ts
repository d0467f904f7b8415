import { refText, type TemplateVersion } from '../../adapters/store/templates.js';
import type { TemplateRef } from '../../core/model.js';
import type { TemplatePlan } from '../../services/template-load.js';
import { html, SafeHtml } from '../html.js';
import { basePath, dashboardPage, fieldId, formHeader, moment, scrollRegion, type DashboardContext, type FormState } from './layout.js';

/** What the Sjablonen page shows: the versions this cycle follows, those in use, every one loaded, and a move or a check when there is one. */
export interface TemplatesView {
  versions: TemplateVersion[];
  inUse: TemplateVersion[];
  /** The versions in use that cover this cycle's year. */
  forYear: TemplateVersion[];
  /** What the cycle follows; absent for a cycle opened before versions were kept. */
  follows?: TemplateRef[];
  /** A move recorded whose deliverables do not all follow yet. */
  pending?: { from: TemplateRef[]; to: TemplateRef[]; by: string; at: string };
  /** Moving the cycle to the versions in use for its year: the plan, or why it cannot. */
  move?: { from: TemplateRef[]; to: TemplateRef[]; templateChanges: string[]; lines: string[] } | { problems: string[] };
  /** A checked upload, ready to load. */
  check?: { fileName: string; yaml: string; plan: TemplatePlan; templateId: string };
}

/** How a form names the versions it was shown (the move applies only what the coordinator saw). */
export const refsKey = (refs: TemplateRef[]) => refs.map((r) => `${r.id}@${r.version}`).join(' ');

const refsText = (refs: TemplateRef[]) => refs.map(refText).join(' + ');

/** "dinsdag 30 juni 2027   bod-omthuis: Bod …" as a term and a deliverable (the line as it is when it cannot be split). */
function calendarCells(line: string): [string, string] {
  const m = /^(\S.*?) {2,}(\S.*)$/.exec(line) ?? /^(.{32}) (.*)$/.exec(line);
  return m ? [m[1]!.trim(), m[2]!] : ['', line];
}

function lineList(lines: string[], label: string): SafeHtml {
  return html`<ul aria-label="${label}">${lines.map((l) => html`<li>${l}</li>`)}</ul>`;
}

/** Sjablonen: the template versions of the municipality, the check of a new one, and moving this cycle to the versions in use. */
export function templatesPage(ctx: DashboardContext, view: TemplatesView, options: { state?: FormState; notice?: string } = {}): string {
  const self = `${basePath(ctx)}/sjablonen`;
  const described = (ref: TemplateRef) => {
    const v = view.versions.find((x) => x.id === ref.id && x.version === ref.version);
    return html`<li><strong>${refText(ref)}</strong>${v ? html`: ${v.title} <span class="huis-klein">(geldig ${v.validFrom} tot en met ${v.validTo})</span>` : ''}</li>`;
  };
  const body = html`<h1>Sjablonen</h1>
<p>Een sjabloon beschrijft de leveringen van een jaar, met hun termijnen en herinneringen. Elke geladen versie blijft bewaard: een cyclus volgt de versies waarmee hij is geopend, tot u hem overzet op nieuwere.</p>
${view.check ? checkSection(ctx, self, view.check) : ''}
<h2>Cyclus ${ctx.year}</h2>
${view.follows?.length
    ? html`<p>Deze cyclus volgt:</p><ul>${view.follows.map(described)}</ul>`
    : html`<p>Deze cyclus is geopend voordat versies werden bijgehouden; hij volgt de versies die voor ${ctx.year} in gebruik zijn.</p>`}
${view.forYear.length ? html`<p>In gebruik voor ${ctx.year}: ${refsText(view.forYear)}.</p>` : html`<p>Voor ${ctx.year} is geen sjabloon in gebruik.</p>`}
${view.pending ? pendingSection(ctx, self, view.pending) : view.move ? moveSection(ctx, self, view.move) : ''}
<h2>In gebruik voor nieuwe cycli</h2>
${view.inUse.length
    ? html`<ul>${view.inUse.map((v) => html`<li><strong>${refText(v)}</strong>: ${v.title} <span class="huis-klein">(geldig ${v.validFrom} tot en met ${v.validTo})</span></li>`)}</ul>`
    : html`<p>Geen: laad hieronder een sjabloon.</p>`}
<h2>Alle geladen versies</h2>
${view.versions.length
    ? scrollRegion(
        'Alle geladen versies',
        html`<table><caption class="visually-hidden">Alle geladen sjabloonversies</caption>
<thead><tr><th scope="col">Sjabloon</th><th scope="col">Versie</th><th scope="col">Jaren</th><th scope="col">Geladen</th><th scope="col">Door</th><th scope="col">In gebruik</th></tr></thead>
<tbody>${view.versions.map(
          (v) => html`<tr><td>${v.id}<br><span class="huis-klein">${v.title}</span></td><td>${v.version}</td><td>${v.validFrom}–${v.validTo}</td><td>${moment(v.loadedAt)}</td><td>${v.loadedBy}</td>
<td>${view.inUse.some((u) => u.id === v.id && u.version === v.version) ? 'ja' : 'nee'}</td></tr>`,
        )}</tbody></table>`,
      )
    : html`<p>Er is nog geen sjabloon geladen.</p>`}
${uploadForm(ctx, self, options.state)}`;
  return dashboardPage(ctx, 'Sjablonen', body, options);
}

function uploadForm(ctx: DashboardContext, self: string, state: FormState | undefined) {
  const id = fieldId('sjabloon', 'bestand');
  const error = state?.form === 'sjabloon' ? state.errors.bestand : undefined;
  return html`<h2 id="laden">Een sjabloon of nieuwe versie laden</h2>
<form class="huis-kaart" method="post" action="${self}" enctype="multipart/form-data" novalidate>
${formHeader(ctx, 'controleren')}
<div class="huis-veld">
<label for="${id}">Sjabloonbestand (YAML)</label>
<p class="hint" id="${id}-hint">Hoogstens 1 MiB. Het wordt eerst gecontroleerd zoals npm run cycle -- check dat doet; u ziet de kalender en de verschillen voordat er iets wordt opgeslagen.</p>
${error ? html`<p class="field-error" id="${id}-fout"><span class="visually-hidden">Fout: </span>${error}</p>` : ''}
<input type="file" id="${id}" name="bestand" accept=".yaml,.yml,application/yaml,text/yaml" aria-describedby="${id}-hint${error ? ` ${id}-fout` : ''}"${error ? new SafeHtml(' aria-invalid="true"') : ''}>
</div>
<button type="submit">Controleren</button>
</form>`;
}

function checkSection(ctx: DashboardContext, self: string, check: NonNullable<TemplatesView['check']>) {
  const { plan } = check;
  return html`<section class="huis-kaart" aria-labelledby="controle">
<h2 id="controle">Controle van ${check.fileName}</h2>
<p role="status"><strong>Het sjabloon is geldig.</strong></p>
${lineList(plan.summary, 'Samenvatting')}
${plan.unchanged
    ? html`<p>Dit is al ${refText(plan.replaces!)}, in gebruik; er verandert niets.</p>`
    : plan.replaces
      ? html`<h3>Verschillen met ${refText(plan.replaces)}</h3>
${plan.diff.length ? lineList(plan.diff, `Verschillen met ${refText(plan.replaces)}`) : html`<p>Geen verschillen in leveringen, termijnen of herinneringen.</p>`}`
      : html`<p>Sjabloon ${check.templateId} is nog niet in gebruik bij deze gemeente.</p>`}
<h3>Kalender ${plan.calendar.year}</h3>
${scrollRegion(
  `Kalender ${plan.calendar.year}`,
  html`<table><caption class="visually-hidden">Wat het sjabloon in ${plan.calendar.year} plant</caption>
<thead><tr><th scope="col">Termijn</th><th scope="col">Levering</th></tr></thead>
<tbody>${plan.calendar.lines.map((l) => {
    const [when, what] = calendarCells(l);
    return html`<tr><td>${when}</td><td>${what}</td></tr>`;
  })}</tbody></table>`,
)}
${plan.warnings.length ? html`<div class="huis-melding"><h3>Let op</h3>${lineList(plan.warnings, 'Waarschuwingen')}</div>` : ''}
<p class="huis-klein">Of de citaten letterlijk in de tekst van de afspraken staan, is hier niet gecontroleerd: dat doet npm run cycle -- check met de bronteksten naast het sjabloon.</p>
${plan.unchanged
    ? ''
    : html`<form method="post" action="${self}" enctype="multipart/form-data">
${formHeader(ctx, 'laden')}
<input type="hidden" name="yaml" value="${check.yaml}">
<input type="hidden" name="bestandsnaam" value="${check.fileName}">
<button type="submit">Laden als nieuwe versie</button>
<p class="huis-klein">Het wordt in gebruik genomen voor cycli die vanaf nu openen; een lopende cyclus zet u daarna over met Toepassen.</p>
</form>`}
</section>`;
}

function moveSection(ctx: DashboardContext, self: string, move: NonNullable<TemplatesView['move']>) {
  if ('problems' in move) {
    return html`<div class="huis-melding"><h3>Overzetten kan nu niet</h3>${lineList(move.problems, 'Waarom overzetten niet kan')}</div>`;
  }
  const nothing = !move.lines.length && refsKey(move.from) === refsKey(move.to);
  return html`<section class="huis-kaart" aria-labelledby="overzetten">
<h3 id="overzetten">Overzetten op ${refsText(move.to)}</h3>
<p>De cyclus volgt nu ${refsText(move.from) || '(niets vastgelegd)'}; in gebruik voor ${ctx.year} is ${refsText(move.to)}.</p>
${move.templateChanges.length ? html`<h4>Verschillen tussen de sjablonen</h4>${lineList(move.templateChanges, 'Verschillen tussen de sjablonen')}` : ''}
<h4>Wat er in ${ctx.year} verandert</h4>
${move.lines.length
    ? html`${lineList(move.lines, `Wat er in ${ctx.year} verandert`)}
<p class="huis-klein">+ nieuw, ~ gewijzigd (een gewijzigde termijn krijgt nieuwe herinneringen; wat al verstuurd is, gaat niet opnieuw), - vervalt (gesloten met de reden), = afgerond en blijft zoals het was.</p>`
    : html`<p>In ${ctx.year} verandert er niets aan de leveringen.</p>`}
${nothing
    ? html`<p>Er is niets toe te passen.</p>`
    : html`<form method="post" action="${self}">
${formHeader(ctx, 'toepassen')}
<input type="hidden" name="naar" value="${refsKey(move.to)}">
<button type="submit">Toepassen op cyclus ${ctx.year}</button>
</form>`}
</section>`;
}

function pendingSection(ctx: DashboardContext, self: string, pending: NonNullable<TemplatesView['pending']>) {
  return html`<section class="huis-kaart" aria-labelledby="overzetten">
<h3 id="overzetten">Overzetten nog niet afgerond</h3>
<p>${pending.by} heeft de cyclus op ${moment(pending.at)} overgezet van ${refsText(pending.from) || '(niets vastgelegd)'} naar ${refsText(pending.to)}; nog niet alle leveringen volgen. Dat gebeurt vanzelf bij de volgende ronde van het systeem, of nu:</p>
<form method="post" action="${self}">
${formHeader(ctx, 'toepassen')}
<input type="hidden" name="naar" value="${refsKey(pending.to)}">
<button type="submit">Toepassen op cyclus ${ctx.year}</button>
</form>
</section>`;
}
