import type { Contact, Party } from '../../core/model.js';
import { html, SafeHtml } from '../html.js';
import { basePath, dashboardPage, field, formHeader, moment, scrollRegion, type DashboardContext, type FormState } from './layout.js';

const bounceText = (type: string) =>
  type === 'Permanent' ? 'adres bestaat niet of weigert mail' : type === 'Klacht' ? 'ontvanger meldde de mail als ongewenst' : 'tijdelijk niet bereikbaar (bijvoorbeeld een volle mailbox)';

const roleLabel: Record<Party['role'], string> = { gemeente: 'gemeente', corporatie: 'woningcorporatie', huurdersorganisatie: 'huurdersorganisatie' };

/**
 * Partijen en contacten: who gets the mail, whose mail bounced, who coordinates, and the forms to
 * add, change or deactivate a contact and to make a contact of the coordinating party coordinator.
 */
export function partiesPage(
  ctx: DashboardContext,
  parties: Party[],
  contacts: Contact[],
  options: { state?: FormState; notice?: string; /** The template's coordinating party, whose contacts can be coordinator. */ coordinatorParty?: string } = {},
): string {
  const action = `${basePath(ctx)}/partijen`;
  const bounced = contacts.filter((c) => c.bounce && c.active);
  const state = options.state;
  const coordinating = options.coordinatorParty;
  const coordinators = contacts.filter((c) => c.coordinator && c.active);
  const coordinatingName = parties.find((p) => p.partyId === coordinating)?.name ?? coordinating;
  const body = html`<h1>Partijen en contacten</h1>
<h2>Coördinatoren</h2>
${coordinators.length
    ? html`<p>Escalaties over te late leveringen gaan naar: ${coordinators.map((c, i) => html`${i ? ', ' : ''}<strong>${c.name}</strong>`)}.</p>`
    : html`<div class="huis-melding"><p><strong>Er is geen coördinator.</strong> Escalaties komen nergens aan. Maak een contact van ${coordinatingName ?? 'de coördinerende partij'} coördinator.</p></div>`}
${coordinating ? html`<p>Coördinatoren horen bij de coördinerende partij, ${coordinatingName}: bij de contacten daarvan staat de knop om iemand coördinator te maken.</p>` : ''}
<h2>Teruggekomen e-mail</h2>
${bounced.length
    ? html`<p>Mail aan deze adressen kwam niet aan. Controleer het adres en wijzig het hieronder; tot dan missen zij herinneringen en links.</p>
<ul>${bounced.map((c) => html`<li class="huis-gebounced">${c.name} (${parties.find((p) => p.partyId === c.partyId)?.name ?? c.partyId}), ${c.email}: ${bounceText(c.bounce!.type)}, ${moment(c.bounce!.at)}</li>`)}</ul>`
    : html`<p>Geen: alle mail kwam aan.</p>`}
${parties.map((p) => {
  const own = contacts.filter((c) => c.partyId === p.partyId).sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'nl'));
  return html`<h2>${p.name} <span class="huis-klein">(${roleLabel[p.role]}${p.partyId === coordinating ? ', coördinerende partij' : ''})</span></h2>
${scrollRegion(`Contacten van ${p.name}`, html`<table><caption class="visually-hidden">Contacten van ${p.name}</caption>
<thead><tr><th scope="col">Naam</th><th scope="col">E-mail</th><th scope="col">Rol</th><th scope="col">Status</th><th scope="col">Wijzigen</th></tr></thead>
<tbody>${own.map((c) => contactRow(ctx, action, c, state, p.partyId === coordinating))}</tbody></table>`)}`;
})}
<h2 id="toevoegen">Contact toevoegen</h2>
<form method="post" action="${action}" novalidate class="huis-kaart">
${formHeader(ctx, 'toevoegen')}
<div class="huis-veld"><label for="toevoegen-partyId">Partij</label>
<select id="toevoegen-partyId" name="partyId">${parties.map((p) => html`<option value="${p.partyId}"${state?.form === 'toevoegen' && state.values.partyId === p.partyId ? new SafeHtml(' selected') : ''}>${p.name}</option>`)}</select></div>
${field(state, 'toevoegen', 'naam', 'Naam', { autocomplete: 'off' })}
${field(state, 'toevoegen', 'email', 'E-mailadres', { type: 'email', autocomplete: 'off' })}
${field(state, 'toevoegen', 'reden', 'Reden (niet verplicht)')}
<button type="submit">Contact toevoegen</button>
</form>`;
  return dashboardPage(ctx, 'Partijen en contacten', body, options);
}

function contactRow(ctx: DashboardContext, action: string, c: Contact, state: FormState | undefined, coordinating: boolean) {
  const form = `wijzigen-${c.contactId}`;
  const open = state?.form === form;
  // Only a contact of the coordinating party can be coordinator, and only an active one becomes one.
  const coordinatorAction = coordinating && (c.coordinator || c.active) ? (c.coordinator ? 'geen-coordinator' : 'coordinator') : undefined;
  return html`<tr>
<td>${c.name}</td>
<td>${c.email}${c.bounce ? html`<br><span class="huis-gebounced">mail kwam terug (${moment(c.bounce.at)})</span>` : ''}</td>
<td>${c.coordinator ? html`<strong class="huis-rol">coördinator</strong>` : 'contact'}</td>
<td>${c.active ? 'actief' : 'inactief'}</td>
<td>
<details${open ? new SafeHtml(' open') : ''}><summary>Gegevens van ${c.name} wijzigen</summary>
<form method="post" action="${action}" novalidate>
${formHeader(ctx, 'wijzigen')}
<input type="hidden" name="partyId" value="${c.partyId}">
<input type="hidden" name="contactId" value="${c.contactId}">
${field(state, form, 'naam', 'Naam', { value: c.name, autocomplete: 'off' })}
${field(state, form, 'email', 'E-mailadres', { type: 'email', value: c.email, autocomplete: 'off' })}
${field(state, form, 'reden', 'Reden (niet verplicht)')}
<button type="submit">Opslaan</button>
</form>
</details>
<form method="post" action="${action}">
${formHeader(ctx, c.active ? 'deactiveren' : 'activeren')}
<input type="hidden" name="partyId" value="${c.partyId}">
<input type="hidden" name="contactId" value="${c.contactId}">
<button type="submit" class="huis-knop-secundair">${c.active ? 'Deactiveren' : 'Weer activeren'}<span class="visually-hidden">: ${c.name}</span></button>
</form>
${coordinatorAction
    ? html`<form method="post" action="${action}">
${formHeader(ctx, coordinatorAction)}
<input type="hidden" name="partyId" value="${c.partyId}">
<input type="hidden" name="contactId" value="${c.contactId}">
<button type="submit" class="huis-knop-secundair">${coordinatorAction === 'coordinator' ? 'Maak coördinator' : 'Geen coördinator meer'}<span class="visually-hidden">: ${c.name}</span></button>
</form>`
    : ''}
</td>
</tr>`;
}
