import type { Mail } from '../adapters/mailer.js';
import { html } from './html.js';
import { button, mailHtml, mailText } from './emails.js';

export interface ForwardView {
  to: string;
  contactName: string;
  /** The party that submitted it. */
  fromParty: string;
  deliverableTitle: string;
  clauseText: string;
  version: number;
  submittedAtText: string;
  late: boolean;
  /** What the parties are expected to do with it: "Omthuis: Reactie op het huuradvies, uiterlijk …". */
  expectations: string[];
  readLink: string;
  partyLink: string;
}

/** A deliverable forwarded to a party it is for: what came in, from whom, on time or not, and what follows. */
export function forwardMail(view: ForwardView): Mail {
  const what = view.version > 1 ? `een nieuwe versie (versie ${view.version}) van „${view.deliverableTitle}”` : `„${view.deliverableTitle}”`;
  const subject = `Ontvangen van ${view.fromParty}: ${view.deliverableTitle}${view.version > 1 ? ` (versie ${view.version})` : ''}`;
  const line = `${view.fromParty} heeft ${what} ingediend op ${view.submittedAtText}, ${view.late ? 'na de termijn (te laat)' : 'op tijd'}. U ontvangt het omdat de afspraken zeggen dat uw organisatie het krijgt.`;
  const next = view.expectations.length > 0 ? 'Wat er nu van partijen wordt verwacht:' : undefined;
  const confirm = 'Lees het via uw persoonlijke leeslink en bevestig daar met één knop dat u het hebt ontvangen.';
  const text = mailText(
    [
      `Beste ${view.contactName},`,
      '',
      line,
      `Afspraak: ${view.clauseText}`,
      ...(next ? ['', next, ...view.expectations.map((e) => `- ${e}`)] : []),
      '',
      confirm,
      view.readLink,
    ],
    view.partyLink,
  );
  const body = html`<p>Beste ${view.contactName},</p>
<p>${line}</p>
<p>Afspraak: ${view.clauseText}</p>
${next ? html`<p>${next}</p><ul>${view.expectations.map((e) => html`<li>${e}</li>`)}</ul>` : ''}
<p>${confirm}</p>
${button(view.readLink, `${view.deliverableTitle} lezen`)}`;
  return { to: view.to, subject, text, html: mailHtml(body, view.partyLink) };
}
