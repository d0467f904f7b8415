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
  /** Local days from today to the last day: negative once the term has passed. */
  daysLeft: number;
  /** When the notice goes out later than planned (an outage): the planned moment, in Dutch. */
  plannedText?: string;
  /** Earlier notices to this recipient that could not go out then and that this one carries. */
  missed?: number;
  link: string;
  /** The document this deliverable answers, when there is one and the recipient may read it. */
  answers?: { title: string; readLink: string };
  partyLink: string;
}

/** The kind of notice the real days left call for: a reminder sent after the last day is an overdue notice. */
function effectiveKind(view: Pick<NoticeView, 'daysLeft'>): SlotKind {
  if (view.daysLeft < 0) return 'overdue';
  return view.daysLeft === 0 ? 'due-today' : 'reminder';
}

/** "gisteren", "3 dagen geleden". */
const passedText = (daysLeft: number) => (daysLeft === -1 ? 'gisteren' : `${-daysLeft} dagen geleden`);

/** Says why the notice comes later than planned, and that it also stands for the ones missed. */
function lateLine(view: Pick<NoticeView, 'plannedText' | 'missed'>): string | undefined {
  if (!view.plannedText) return undefined;
  const missed = view.missed ? ` Eerdere berichten die toen niet verstuurd konden worden (${view.missed}), staan hierin samen.` : '';
  return `Dit bericht komt later dan gepland (${view.plannedText}).${missed}`;
}

/** Every mail ends with the second personal link: the party's own page for the year. */
const PARTY_PAGE_TEXT = 'Alles wat uw organisatie dit jaar moet aanleveren en heeft ontvangen, staat op uw pagina „Mijn prestatieafspraken”:';

/** The mail's HTML: its body, the link to the party's page, and why the recipient gets it. */
export function mailHtml(body: SafeHtml, partyLink: string): string {
  return html`<!doctype html><html lang="nl"><head><meta charset="utf-8"></head>
<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">${body}
<p>${PARTY_PAGE_TEXT}<br><a href="${partyLink}">Mijn prestatieafspraken</a></p>
<p style="color:#4a4a4a;font-size:14px">Deze links zijn persoonlijk: stuur de e-mail niet door. U ontvangt dit bericht omdat u contactpersoon bent voor de prestatieafspraken.</p>
</body></html>`.value;
}

/** The plain-text part's last lines: the party's page and the personal-link warning. */
export function mailText(lines: string[], partyLink: string): string {
  return [...lines, '', PARTY_PAGE_TEXT, partyLink, '', 'Deze links zijn persoonlijk: stuur de e-mail niet door.'].join('\n');
}

/** The call to action: a link styled as a button, with the address to copy when the button does not work. */
export function button(href: string, label: string): SafeHtml {
  return html`<p><a href="${href}" style="display:inline-block;background:#154273;color:#fff;padding:12px 20px;text-decoration:none;font-weight:bold">${label}</a></p>
<p>Werkt de knop niet? Kopieer dan deze link: <br>${href}</p>`;
}

function lead(view: NoticeView): { subject: string; line: string } {
  switch (effectiveKind(view)) {
    case 'reminder':
      return {
        subject: `Herinnering: ${view.deliverableTitle} uiterlijk ${view.dueText}`,
        line: `Over ${view.daysLeft === 1 ? '1 dag' : `${view.daysLeft} dagen`} verloopt de termijn voor „${view.deliverableTitle}”.`,
      };
    case 'due-today':
      return {
        subject: `Vandaag: ${view.deliverableTitle} uiterlijk ${view.dueText}`,
        line: `Vandaag is de laatste dag om „${view.deliverableTitle}” in te dienen.`,
      };
    case 'overdue':
      return {
        subject: `Termijn verstreken: ${view.deliverableTitle} (was uiterlijk ${view.dueText})`,
        line: `De termijn voor „${view.deliverableTitle}” is ${view.daysLeft < 0 ? `${passedText(view.daysLeft)} ` : ''}verstreken en we hebben nog niets ontvangen. U kunt nog steeds indienen; het wordt dan als te laat vastgelegd.`,
      };
  }
}

/** A reminder, due-today or overdue notice to the responsible party, with the personal link. */
export function noticeMail(view: NoticeView): Mail {
  const { subject, line } = lead(view);
  const late = lateLine(view);
  const lines = [
    `Beste ${view.contactName},`,
    '',
    line,
    ...(late ? ['', late] : []),
    '',
    `Wat: ${view.deliverableTitle}`,
    `Wie: ${view.partyName}`,
    `Termijn: uiterlijk ${view.dueText}`,
    `Afspraak: ${view.clauseText}`,
    '',
    ...(view.answers ? [`Dit is de reactie op „${view.answers.title}”. Lees het document via:`, view.answers.readLink, ''] : []),
    'Indienen kan zonder account via uw persoonlijke link:',
    view.link,
  ];
  const body = html`<p>Beste ${view.contactName},</p>
<p>${line}</p>
${late ? html`<p>${late}</p>` : ''}
<table role="presentation" style="border-collapse:collapse">
<tr><th style="text-align:left;padding-right:1em">Wat</th><td>${view.deliverableTitle}</td></tr>
<tr><th style="text-align:left;padding-right:1em">Wie</th><td>${view.partyName}</td></tr>
<tr><th style="text-align:left;padding-right:1em">Termijn</th><td>uiterlijk ${view.dueText}</td></tr>
<tr><th style="text-align:left;padding-right:1em">Afspraak</th><td>${view.clauseText}</td></tr>
</table>
${view.answers ? html`<p>Dit is de reactie op „${view.answers.title}”: <a href="${view.answers.readLink}">lees het document</a>.</p>` : ''}
${button(view.link, `${view.deliverableTitle} indienen`)}`;
  return { to: view.to, subject, text: mailText(lines, view.partyLink), html: mailHtml(body, view.partyLink) };
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
  partyLink: string;
}

/** Tells the coordinator that a party missed a deadline, so a person can follow up. */
export function escalationMail(view: EscalationView): Mail {
  const subject = `Escalatie: ${view.partyName} heeft „${view.deliverableTitle}” niet ingediend`;
  const line = `${view.partyName} heeft „${view.deliverableTitle}” niet ingediend; de termijn was uiterlijk ${view.dueText}. Dit is melding ${view.overdueNumber}.`;
  const text = mailText([`Beste ${view.coordinatorName},`, '', line, `Afspraak: ${view.clauseText}`, '', `Bekijk en stuur bij in het dashboard: ${view.statusUrl}`], view.partyLink);
  const body = html`<p>Beste ${view.coordinatorName},</p><p>${line}</p><p>Afspraak: ${view.clauseText}</p><p>Bekijk en stuur bij in het dashboard: ${view.statusUrl}</p>`;
  return { to: view.to, subject, text, html: mailHtml(body, view.partyLink) };
}

/** A new personal link, asked for from an expired one or sent again by the coordinator. */
export function newLinkMail(view: { to: string; contactName: string; deliverableTitle: string; link: string; expiresText: string; partyLink: string }): Mail {
  const subject = `Nieuwe link: ${view.deliverableTitle}`;
  const text = mailText(
    [
      `Beste ${view.contactName},`,
      '',
      `Hier is uw nieuwe persoonlijke link voor „${view.deliverableTitle}”. Hij is geldig tot en met ${view.expiresText}:`,
      view.link,
      '',
      'Eerdere links voor deze levering werken niet meer als de coördinator ze heeft ingetrokken.',
    ],
    view.partyLink,
  );
  const body = html`<p>Beste ${view.contactName},</p>
<p>Hier is uw nieuwe persoonlijke link voor „${view.deliverableTitle}”. Hij is geldig tot en met ${view.expiresText}.</p>
${button(view.link, `${view.deliverableTitle} openen`)}`;
  return { to: view.to, subject, text, html: mailHtml(body, view.partyLink) };
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
  partyLink: string;
}

export function receiptMail(view: ReceiptMailView): Mail {
  const subject = `Ontvangstbewijs: ${view.deliverableTitle} (versie ${view.version})`;
  const status = view.late ? 'ontvangen na de termijn (te laat ingediend)' : 'op tijd ontvangen';
  const text = mailText(
    [
      `Beste ${view.contactName},`,
      '',
      `„${view.deliverableTitle}” van ${view.partyName} is ${status} op ${view.submittedAtText}.`,
      '',
      `Versie: ${view.version}`,
      `Vingerafdruk (SHA-256): ${view.contentSha256}`,
      `Handtekening: ${view.signature}`,
      `Sleutel: ${view.keyId}`,
    ],
    view.partyLink,
  );
  const body = html`<p>Beste ${view.contactName},</p>
<p>„${view.deliverableTitle}” van ${view.partyName} is ${status} op ${view.submittedAtText}.</p>
<p>Versie: ${view.version}<br>Vingerafdruk (SHA-256): <code>${view.contentSha256}</code><br>Handtekening: <code>${view.signature}</code><br>Sleutel: <code>${view.keyId}</code></p>`;
  return { to: view.to, subject, text, html: mailHtml(body, view.partyLink) };
}

export interface CalendarMailView {
  to: string;
  contactName: string;
  partyName: string;
  year: number;
  /** The personal subscription link that stays current. */
  link: string;
  ics: string;
  partyLink: string;
}

/** The year's calendar of a party as an ICS attachment, with the personal subscription link. */
export function calendarMail(view: CalendarMailView): Mail {
  const subject = `Jaarkalender prestatieafspraken ${view.year} voor ${view.partyName}`;
  const intro = `In de bijlage staan alle termijnen van ${view.year} voor ${view.partyName}: open het bestand om ze in uw agenda te zetten.`;
  const subscribe = 'Wilt u dat uw agenda zelf bijwerkt als er iets verandert (een vergaderdatum, een verlenging)? Abonneer u dan in Outlook of Google Agenda op deze persoonlijke link:';
  const text = mailText([`Beste ${view.contactName},`, '', intro, subscribe, view.link], view.partyLink);
  const body = html`<p>Beste ${view.contactName},</p>
<p>${intro}</p>
<p>${subscribe}<br>${view.link}</p>`;
  return {
    to: view.to,
    subject,
    text,
    html: mailHtml(body, view.partyLink),
    attachments: [{ filename: `prestatieafspraken-${view.year}.ics`, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: view.ics }],
  };
}
