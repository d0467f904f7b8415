import type { Mail } from '../adapters/mailer.js';
import type { SlotKind } from '../core/reminder-plan.js';
import { html, type SafeHtml } from './html.js';

export interface NoticeView {
  kind: SlotKind;
  to: string;
  contactName: string;
  partyName: string;
  deliverableTitle: string;
  clauseText: string;
  /** "zondag 28 februari 2027". */
  dueText: string;
  daysBefore?: number;
  link: string;
}

function mailHtml(body: SafeHtml): string {
  return html`<!doctype html><html lang="nl"><head><meta charset="utf-8"></head>
<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">${body}
<p style="color:#4a4a4a;font-size:14px">Deze link is persoonlijk: stuur de e-mail niet door. U ontvangt dit bericht omdat u contactpersoon bent voor de prestatieafspraken.</p>
</body></html>`.value;
}

function lead(view: NoticeView): { subject: string; line: string } {
  switch (view.kind) {
    case 'reminder':
      return {
        subject: `Herinnering: ${view.deliverableTitle} uiterlijk ${view.dueText}`,
        line: `Over ${view.daysBefore === 1 ? '1 dag' : `${view.daysBefore} dagen`} verloopt de termijn voor „${view.deliverableTitle}”.`,
      };
    case 'due-today':
      return {
        subject: `Vandaag: ${view.deliverableTitle} uiterlijk ${view.dueText}`,
        line: `Vandaag is de laatste dag om „${view.deliverableTitle}” in te dienen.`,
      };
    case 'overdue':
      return {
        subject: `Termijn verstreken: ${view.deliverableTitle} (was uiterlijk ${view.dueText})`,
        line: `De termijn voor „${view.deliverableTitle}” is verstreken en we hebben nog niets ontvangen. U kunt nog steeds indienen; het wordt dan als te laat vastgelegd.`,
      };
  }
}

/** A reminder, due-today or overdue notice to the responsible party, with the personal link. */
export function noticeMail(view: NoticeView): Mail {
  const { subject, line } = lead(view);
  const text = [
    `Beste ${view.contactName},`,
    '',
    line,
    '',
    `Wat: ${view.deliverableTitle}`,
    `Wie: ${view.partyName}`,
    `Termijn: uiterlijk ${view.dueText}`,
    `Afspraak: ${view.clauseText}`,
    '',
    'Indienen kan zonder account via uw persoonlijke link:',
    view.link,
    '',
    'Deze link is persoonlijk: stuur de e-mail niet door.',
  ].join('\n');
  const body = html`<p>Beste ${view.contactName},</p>
<p>${line}</p>
<table role="presentation" style="border-collapse:collapse">
<tr><th style="text-align:left;padding-right:1em">Wat</th><td>${view.deliverableTitle}</td></tr>
<tr><th style="text-align:left;padding-right:1em">Wie</th><td>${view.partyName}</td></tr>
<tr><th style="text-align:left;padding-right:1em">Termijn</th><td>uiterlijk ${view.dueText}</td></tr>
<tr><th style="text-align:left;padding-right:1em">Afspraak</th><td>${view.clauseText}</td></tr>
</table>
<p><a href="${view.link}" style="display:inline-block;background:#154273;color:#fff;padding:12px 20px;text-decoration:none;font-weight:bold">${view.deliverableTitle} indienen</a></p>
<p>Werkt de knop niet? Kopieer dan deze link: <br>${view.link}</p>`;
  return { to: view.to, subject, text, html: mailHtml(body) };
}

export interface EscalationView {
  to: string;
  coordinatorName: string;
  partyName: string;
  deliverableTitle: string;
  clauseText: string;
  dueText: string;
  overdueNumber: number;
  statusUrl: string;
}

/** Tells the coordinator that a party missed a deadline, so a person can follow up. */
export function escalationMail(view: EscalationView): Mail {
  const subject = `Escalatie: ${view.partyName} heeft „${view.deliverableTitle}” niet ingediend`;
  const line = `${view.partyName} heeft „${view.deliverableTitle}” niet ingediend; de termijn was uiterlijk ${view.dueText}. Dit is melding ${view.overdueNumber}.`;
  const text = [`Beste ${view.coordinatorName},`, '', line, `Afspraak: ${view.clauseText}`, '', `Bekijk en stuur bij in het dashboard: ${view.statusUrl}`].join('\n');
  const body = html`<p>Beste ${view.coordinatorName},</p><p>${line}</p><p>Afspraak: ${view.clauseText}</p><p>Bekijk en stuur bij in het dashboard: ${view.statusUrl}</p>`;
  return { to: view.to, subject, text, html: mailHtml(body) };
}

/** A new personal link, asked for from an expired one or sent again by the coordinator. */
export function newLinkMail(view: { to: string; contactName: string; deliverableTitle: string; link: string; expiresText: string }): Mail {
  const subject = `Nieuwe link: ${view.deliverableTitle}`;
  const text = [
    `Beste ${view.contactName},`,
    '',
    `Hier is uw nieuwe persoonlijke link voor „${view.deliverableTitle}”. Hij is geldig tot en met ${view.expiresText}:`,
    view.link,
    '',
    'Eerdere links voor deze levering werken niet meer als de coördinator ze heeft ingetrokken.',
    'Deze link is persoonlijk: stuur de e-mail niet door.',
  ].join('\n');
  const body = html`<p>Beste ${view.contactName},</p>
<p>Hier is uw nieuwe persoonlijke link voor „${view.deliverableTitle}”. Hij is geldig tot en met ${view.expiresText}.</p>
<p><a href="${view.link}" style="display:inline-block;background:#154273;color:#fff;padding:12px 20px;text-decoration:none;font-weight:bold">${view.deliverableTitle} openen</a></p>
<p>Werkt de knop niet? Kopieer dan deze link: <br>${view.link}</p>`;
  return { to: view.to, subject, text, html: mailHtml(body) };
}

export interface ReceiptMailView {
  to: string;
  contactName: string;
  deliverableTitle: string;
  partyName: string;
  submittedAtText: string;
  late: boolean;
  version: number;
  contentSha256: string;
  signature: string;
  keyId: string;
}

export function receiptMail(view: ReceiptMailView): Mail {
  const subject = `Ontvangstbewijs: ${view.deliverableTitle} (versie ${view.version})`;
  const status = view.late ? 'ontvangen na de termijn (te laat ingediend)' : 'op tijd ontvangen';
  const text = [
    `Beste ${view.contactName},`,
    '',
    `„${view.deliverableTitle}” van ${view.partyName} is ${status} op ${view.submittedAtText}.`,
    '',
    `Versie: ${view.version}`,
    `Vingerafdruk (SHA-256): ${view.contentSha256}`,
    `Handtekening: ${view.signature}`,
    `Sleutel: ${view.keyId}`,
  ].join('\n');
  const body = html`<p>Beste ${view.contactName},</p>
<p>„${view.deliverableTitle}” van ${view.partyName} is ${status} op ${view.submittedAtText}.</p>
<p>Versie: ${view.version}<br>Vingerafdruk (SHA-256): <code>${view.contentSha256}</code><br>Handtekening: <code>${view.signature}</code><br>Sleutel: <code>${view.keyId}</code></p>`;
  return { to: view.to, subject, text, html: mailHtml(body) };
}
