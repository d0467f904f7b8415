import type { Attachment } from '../../core/attachment.js';
import { undatedText } from '../../core/instance.js';
import { kindLabel, type Contact, type InstanceRecords, type ShownStatus } from '../../core/model.js';
import type { UploadTicket } from '../../adapters/documents.js';
import { html, SafeHtml } from '../html.js';
import { bounced, forwardsSection, noticeResult, type VersionReceipts } from './forwards.js';
import { basePath, dashboardPage, deliverablePath, day, field, formHeader, moment, scrollRegion, statusBadge, type DashboardContext, type FormState } from './layout.js';

export interface DetailView {
  records: InstanceRecords;
  status: ShownStatus;
  partyName: string;
  rule?: string;
  /** Every contact of the municipality, for names in the reminder and link lists. */
  contacts: Contact[];
  partyNames: Record<string, string>;
  /** The reminder moments of the current deadline. */
  slots: { id: string; kind: 'reminder' | 'due-today' | 'overdue'; at: Date }[];
  /** Per submission version: does its receipt verify with a published key? */
  receiptChecks: Record<number, 'geldig' | 'ongeldig' | 'onbekende sleutel'>;
  upload?: { ticket: UploadTicket; current?: Attachment; error?: string };
  /** An open deliverable whose reminders lost their execution: shown, with the form to resume them. */
  remindersStopped?: boolean;
  /** Per submitted version, oldest first: to whom it was forwarded, and who confirmed receipt. */
  receipts: VersionReceipts[];
}

const slotLabel = (slot: { id: string; kind: string }) =>
  slot.kind === 'due-today'
    ? 'op de laatste dag'
    : slot.kind === 'overdue'
      ? `te laat, herinnering ${slot.id.replace(/^.*overdue-/, '')}`
      : ((days) => `${days} ${days === '1' ? 'dag' : 'dagen'} vooraf`)(slot.id.replace(/^.*reminder-(\d+)d$/, '$1'));

/** The audit entry's details with Dutch labels, in a fixed order: what changed first, the reason last. */
const detailLabels: Record<string, string> = {
  van: 'van',
  tot: 'tot',
  vergadering: 'vergadering',
  gebeurtenis: 'gebeurtenis',
  partyId: 'partij',
  contactId: 'contact',
  aantal: 'aantal',
  linkId: 'link',
  timing: 'termijn',
  version: 'versie',
  late: 'te laat',
  sha256: 'SHA-256',
  reden: 'reden',
};
const detailText = (detail: Record<string, unknown>) =>
  Object.entries(detail)
    .sort(([a], [b]) => (a === 'reden' ? 1 : b === 'reden' ? -1 : 0))
    .map(([k, v]) => `${detailLabels[k] ?? k}: ${v === true ? 'ja' : v === false ? 'nee' : String(v)}`)
    .join(' · ');

/** Deliverable detail: the rule and its clause, the reminders sent, every version with its receipt check and forwards, the audit trail, and the actions. */
export function detailPage(ctx: DashboardContext, view: DetailView, options: { state?: FormState; notice?: string } = {}): string {
  const { instance, notices, submissions, audit, links } = view.records;
  const base = basePath(ctx);
  const self = deliverablePath(ctx, instance.instanceId);
  const who = (partyId: string, contactId: string) => {
    if (contactId === 'buiten-systeem') return 'buiten het systeem';
    const c = view.contacts.find((x) => x.partyId === partyId && x.contactId === contactId);
    return `${c?.name ?? contactId} (${view.partyNames[partyId] ?? partyId})`;
  };
  const open = instance.status === 'open';
  // Another party's contact is listed only while holding a live link (one sent by mistake), to revoke it.
  const liveLink = (c: Contact) => links.some((l) => l.partyId === c.partyId && l.contactId === c.contactId && !l.revokedAt);
  const linkContacts = view.contacts.filter((c) => c.partyId === instance.responsible || liveLink(c));
  // A version's forwards are listed with the version, not among the reminders.
  const forwardSlots = new Set(view.receipts.map((r) => r.slotId));
  const sortedNotices = notices.filter((n) => !forwardSlots.has(n.slotId)).sort((a, b) => (a.sentAt ?? a.claimedAt).localeCompare(b.sentAt ?? b.claimedAt));
  const body = html`<p><a href="${base}/leveringen">Alle leveringen</a></p>
<h1>${instance.title}</h1>
<dl class="huis-gegevens">
<dt>Status</dt><dd>${statusBadge(view.status)}</dd>
<dt>Partij</dt><dd>${view.partyName}</dd>
<dt>Soort</dt><dd>${kindLabel[instance.kind]}</dd>
<dt>Termijn</dt><dd>${
    instance.timing.state === 'dated'
      ? html`laatste dag ${day(instance.timing.lastDay)}${instance.timing.shiftedFrom ? ` (verschoven van ${day(instance.timing.shiftedFrom)})` : ''}`
      : undatedText(instance.timing)
  }</dd>
${view.rule ? html`<dt>Regel</dt><dd>${view.rule}</dd>` : ''}
${instance.period ? html`<dt>Periode</dt><dd>${instance.period.label}: ${day(instance.period.from)} – ${day(instance.period.to)}</dd>` : ''}
${instance.meeting ? html`<dt>Vergadering</dt><dd>${instance.meeting.title}${instance.meeting.date ? `, ${day(instance.meeting.date)}` : ', nog geen datum'}</dd>` : ''}
<dt>Omschrijving</dt><dd>${instance.description}</dd>
</dl>
<h2>Afspraak</h2>
${instance.clauses.map(
  (c) => html`<figure><figcaption>${c.agreement}, afspraak ${c.sourceLabel ? html`${c.clause} (in de bron ${c.sourceLabel})` : c.clause}</figcaption><blockquote lang="nl"><p>${c.quote}</p></blockquote></figure>`,
)}

<h2>Acties</h2>
${open ? '' : html`<p>Deze levering is ${view.status === 'vrijgesteld' ? 'vrijgesteld' : 'ingediend'}; verlengen en vrijstellen kan niet meer.</p>`}
<div class="huis-acties">
${open ? extendForm(ctx, self, options.state) : ''}
${open ? waiveForm(ctx, self, options.state) : ''}
${instance.status !== 'vrijgesteld' && view.upload ? receivedForms(ctx, self, view.upload, options.state) : ''}
${instance.status !== 'vrijgesteld' ? linksForm(ctx, self, { contacts: linkContacts, responsible: instance.responsible, partyNames: view.partyNames }, links, options.state) : ''}
</div>

<h2>Herinneringen</h2>
${view.remindersStopped
    ? html`<form class="huis-kaart" method="post" action="${self}" novalidate><p role="status"><strong>De herinneringen van deze levering zijn gestopt</strong> (de verwerking liep vast of werd afgebroken). Het systeem hervat ze binnen een uur; u kunt ze ook nu hervatten. Gemiste berichten gaan dan alsnog uit.</p>${formHeader(ctx, 'hervatten')}<button type="submit">Herinneringen hervatten</button></form>`
    : ''}
${view.slots.length ? html`<p>Gepland voor de huidige termijn:</p><ul>${view.slots.map((s) => html`<li>${moment(s.at.toISOString())}: ${slotLabel(s)}</li>`)}</ul>` : html`<p>Geen herinneringen gepland.</p>`}
${sortedNotices.length
    ? scrollRegion('Verstuurde berichten', html`<table><caption>Verstuurde berichten</caption><thead><tr><th scope="col">Wanneer</th><th scope="col">Bericht</th><th scope="col">Aan</th><th scope="col">Resultaat</th></tr></thead><tbody>
${sortedNotices.map(
  (n) => html`<tr><td>${moment(n.sentAt ?? n.claimedAt)}</td><td>${n.slotId.startsWith('link-') || n.slotId.startsWith('nieuwe-link') ? 'nieuwe link' : slotLabel({ id: n.slotId, kind: n.slotId.includes('due-today') ? 'due-today' : n.slotId.includes('overdue') ? 'overdue' : 'reminder' })}</td><td>${who(n.partyId, n.contactId)}</td><td>${
    n.state === 'sent' && bounced(view.contacts, n) ? html`verstuurd, <span class="huis-gebounced">adres gaf een foutmelding</span>` : (noticeResult[n.state] ?? n.state)
  }</td></tr>`,
)}
</tbody></table>`)
    : html`<p>Nog geen berichten verstuurd.</p>`}

<h2>Inzendingen</h2>
${submissions.length
    ? scrollRegion('Versies', html`<table><caption>Versies</caption><thead><tr><th scope="col">Versie</th><th scope="col">Ingediend</th><th scope="col">Door</th><th scope="col">Inhoud</th><th scope="col">Ontvangstbewijs</th></tr></thead><tbody>
${[...submissions]
  .sort((a, b) => a.version - b.version)
  .map(
    (s) => html`<tr><td>${s.version}</td><td>${moment(s.submittedAt)}${s.late ? html` <span class="huis-status huis-status-te-laat-ingediend">te laat</span>` : ''}</td><td>${who(s.partyId, s.contactId)}</td>
<td>${Object.entries(s.fields).map(([k, v]) => html`<strong>${k}</strong>: ${v.length > 300 ? `${v.slice(0, 300)}…` : v}<br>`)}${s.attachment ? html`PDF: ${s.attachment.fileName} (SHA-256 ${s.attachment.sha256.slice(0, 16)}…)` : ''}</td>
<td>${view.receiptChecks[s.version] === 'geldig' ? html`<strong>geldig</strong>` : html`<strong class="huis-gebounced">${view.receiptChecks[s.version] ?? 'ongeldig'}</strong>`}<br><span class="huis-klein">sleutel ${s.receipt.keyId}, hash ${s.receipt.contentSha256.slice(0, 16)}…</span></td></tr>`,
  )}
</tbody></table>`)
    : html`<p>Nog niets ingediend.</p>`}
${forwardsSection(view.receipts, view.contacts, view.partyNames)}

<h2>Logboek</h2>
${scrollRegion('Logboek', html`<table><caption class="visually-hidden">Logboek van deze levering</caption><thead><tr><th scope="col">Wanneer</th><th scope="col">Wie</th><th scope="col">Wat</th><th scope="col">Details</th></tr></thead><tbody>
${[...audit]
  .sort((a, b) => a.at.localeCompare(b.at))
  .map((a) => html`<tr><td>${moment(a.at)}</td><td>${a.actor}</td><td>${a.action}</td><td>${detailText(a.detail)}</td></tr>`)}
</tbody></table>`)}`;
  return dashboardPage(ctx, instance.title, body, options);
}

function extendForm(ctx: DashboardContext, action: string, state?: FormState) {
  return html`<form class="huis-kaart" method="post" action="${action}" novalidate>
<h3>Termijn verlengen</h3>
${formHeader(ctx, 'verlengen')}
${field(state, 'verlengen', 'nieuweDatum', 'Nieuwe laatste dag', { type: 'date' })}
${field(state, 'verlengen', 'reden', 'Reden', { type: 'textarea', hint: 'Komt in het logboek en in de verantwoording.' })}
<button type="submit">Verlengen</button>
</form>`;
}

function waiveForm(ctx: DashboardContext, action: string, state?: FormState) {
  return html`<form class="huis-kaart" method="post" action="${action}" novalidate>
<h3>Vrijstellen voor dit jaar</h3>
<p>De partij hoeft deze levering dit jaar niet te doen; de herinneringen stoppen.</p>
${formHeader(ctx, 'vrijstellen')}
${field(state, 'vrijstellen', 'reden', 'Reden', { type: 'textarea', hint: 'Komt in het logboek en in de verantwoording.' })}
<button type="submit" class="huis-knop-secundair">Vrijstellen</button>
</form>`;
}

function receivedForms(ctx: DashboardContext, action: string, upload: NonNullable<DetailView['upload']>, state?: FormState) {
  const kb = (n: number) => `${Math.max(1, Math.round(n / 1024)).toLocaleString('nl-NL')} kB`;
  return html`<div class="huis-kaart" id="ontvangen">
<h3>Buiten het systeem ontvangen</h3>
<p>Kwam de levering per post of e-mail binnen? Upload het document en leg vast wanneer het binnenkwam. Het wordt een ondertekende versie zoals elke andere.</p>
${upload.current ? html`<p role="status">Geüpload: <strong>${upload.current.fileName}</strong> (${kb(upload.current.sizeBytes)}).</p>` : ''}
${upload.error ? html`<p class="field-error" id="beheer-bestand-fout"><span class="visually-hidden">Fout: </span>${upload.error}</p>` : ''}
<form method="post" action="${upload.ticket.url}" enctype="multipart/form-data">
${Object.entries(upload.ticket.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<label for="beheer-bestand">${upload.current ? 'Ander PDF-bestand' : 'PDF-bestand'}</label>
<input type="file" id="beheer-bestand" name="file" accept="application/pdf,.pdf"${upload.error ? new SafeHtml(' aria-invalid="true" aria-describedby="beheer-bestand-fout"') : ''}>
<button type="submit" class="huis-knop-secundair">PDF uploaden</button>
</form>
${upload.current
    ? html`<form method="post" action="${action}" novalidate>
${formHeader(ctx, 'ontvangen')}
<input type="hidden" name="document" value="${upload.current.key}">
${field(state, 'ontvangen', 'ontvangenOp', 'Ontvangen op', { type: 'date' })}
${field(state, 'ontvangen', 'toelichting', 'Hoe kwam het binnen?', { type: 'textarea', hint: 'Bijvoorbeeld: per post, brief van 18 februari.' })}
<button type="submit">Vastleggen als ontvangen</button>
</form>`
    : ''}
</div>`;
}

function linksForm(ctx: DashboardContext, action: string, who: { contacts: Contact[]; responsible: string; partyNames: Record<string, string> }, links: InstanceRecords['links'], state?: FormState) {
  const mine = state?.form === 'link' ? state : undefined;
  const chosen = mine?.values.contact;
  const liveCount = (c: Contact) => links.filter((l) => l.partyId === c.partyId && l.contactId === c.contactId && !l.revokedAt).length;
  return html`<form class="huis-kaart" method="post" action="${action}" novalidate>
<h3>Links van de partij</h3>
<input type="hidden" name="formulier" value="${ctx.formToken}">
<div class="huis-veld"><label for="link-contact">Contact</label>
${mine?.errors.contact ? html`<p class="field-error" id="link-contact-fout">${mine.errors.contact}</p>` : ''}
<select id="link-contact" name="contact"${mine?.errors.contact ? new SafeHtml(' aria-invalid="true" aria-describedby="link-contact-fout"') : ''}>
${who.contacts.map((c) => html`<option value="${c.partyId}/${c.contactId}"${chosen === `${c.partyId}/${c.contactId}` ? new SafeHtml(' selected') : ''}>${c.name}${c.active ? '' : ' (inactief)'}${c.partyId === who.responsible ? '' : ` (${who.partyNames[c.partyId] ?? c.partyId}, andere partij: alleen intrekken)`} · ${liveCount(c)} geldige link(s)</option>`)}
</select></div>
<fieldset class="huis-veld"><legend>Wat moet er gebeuren?</legend>
${(
  [
    ['versturen', 'De geldige link nog eens sturen'],
    ['opnieuw-versturen', 'Intrekken en een nieuwe link sturen'],
    ['intrekken', 'Alleen intrekken'],
  ] as const
).map(
  ([value, label]) =>
    html`<div class="huis-keuze"><input type="radio" id="link-actie-${value}" name="actie" value="${value}"${(mine?.values.actie ?? 'versturen') === value ? new SafeHtml(' checked') : ''}> <label for="link-actie-${value}">${label}</label></div>`,
)}
</fieldset>
${field(state, 'link', 'reden', 'Reden', { hint: 'Komt in het logboek.' })}
<button type="submit">Uitvoeren</button>
</form>`;
}
