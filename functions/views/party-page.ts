import { html } from './html.js';
import { page } from './layout.js';
import type { HtmlResult } from './link-pages.js';

export interface OwedView {
  title: string;
  status: string;
  /** "uiterlijk maandag 1 maart 2027", or what it waits for. */
  whenText: string;
  /** The live submission link, when the contact has one; otherwise the page offers to make one. */
  submitUrl?: string;
  /** Where the button posts to get a submission link; absent when nothing can be submitted (waived). */
  requestAction?: string;
}

export interface SubmittedView {
  title: string;
  version: number;
  submittedAtText: string;
  late: boolean;
  sha256: string;
  receiptUrl?: string;
}

export interface ReceivedView {
  title: string;
  fromParty: string;
  version: number;
  submittedAtText: string;
  readUrl?: string;
  /** "bevestigd door Jan de Vries op 3 maart 2027", or undefined while nobody of the party confirmed. */
  confirmedText?: string;
}

export interface PartyPageView {
  partyName: string;
  contactName: string;
  year: number;
  owed: OwedView[];
  submitted: SubmittedView[];
  received: ReceivedView[];
  calendarUrl?: string;
}

const empty = (text: string) => html`<p>${text}</p>`;

/** "Mijn prestatieafspraken": what the party owes, what it submitted, what it received, and its calendar. */
export function partyPage(view: PartyPageView): HtmlResult {
  const body = html`
<h1>Mijn prestatieafspraken ${view.year}</h1>
<p class="notice">${view.partyName}. U bekijkt deze pagina als ${view.contactName}; de link is persoonlijk.</p>
<h2>Wat ${view.partyName} moet aanleveren</h2>
${view.owed.length
    ? html`<div class="scroll" role="region" aria-label="Leveringen van ${view.partyName} in ${view.year}" tabindex="0"><table><caption class="visually-hidden">Leveringen van ${view.partyName} in ${view.year}</caption>
<thead><tr><th scope="col">Levering</th><th scope="col">Status</th><th scope="col">Termijn</th><th scope="col">Indienen</th></tr></thead>
<tbody>${view.owed.map(
        (o) => html`<tr><th scope="row">${o.title}</th><td>${o.status}</td><td>${o.whenText}</td><td>${
          o.submitUrl
            ? html`<a href="${o.submitUrl}">Indienen<span class="visually-hidden">: ${o.title}</span></a>`
            : o.requestAction
              ? html`<form method="post" action="${o.requestAction}"><button type="submit" class="secondary">Link maken<span class="visually-hidden">: ${o.title}</span></button></form>`
              : '—'
        }</td></tr>`,
      )}</tbody></table></div>`
    : empty(`${view.partyName} hoeft dit jaar niets aan te leveren.`)}
<h2>Wat ${view.partyName} heeft ingediend</h2>
${view.submitted.length
    ? html`<ul>${view.submitted.map(
        (s) => html`<li>${s.title}, versie ${s.version}: ontvangen op ${s.submittedAtText}${s.late ? ' (na de termijn)' : ''}. Vingerafdruk <code>${s.sha256.slice(0, 16)}…</code>${
          s.receiptUrl ? html` <a href="${s.receiptUrl}">Ontvangstbewijs<span class="visually-hidden"> van ${s.title}, versie ${s.version}</span></a>` : ''
        }</li>`,
      )}</ul>`
    : empty('Nog niets.')}
<h2>Wat ${view.partyName} heeft ontvangen</h2>
${view.received.length
    ? html`<ul>${view.received.map(
        (r) => html`<li>${r.readUrl ? html`<a href="${r.readUrl}">${r.title}</a>` : r.title} van ${r.fromParty}, versie ${r.version} (${r.submittedAtText}): ${
          r.confirmedText ?? html`<strong>ontvangst nog niet bevestigd</strong>`
        }${r.readUrl ? '' : '. De leeslink staat in de e-mail waarmee het is doorgestuurd.'}</li>`,
      )}</ul>`
    : empty('Nog niets.')}
<h2>Agenda</h2>
${view.calendarUrl
    ? html`<p>Abonneer u in uw agenda (Outlook, Google Agenda) op deze persoonlijke link; hij werkt zelf bij als er iets verandert:</p><p><a href="${view.calendarUrl}">Agenda van ${view.partyName} ${view.year}</a></p>`
    : empty('De abonnementslink voor uw agenda komt met de jaarkalender per e-mail.')}`;
  return { status: 200, html: page(`Mijn prestatieafspraken ${view.year}`, body) };
}
