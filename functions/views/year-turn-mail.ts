import type { Mail } from '../adapters/mailer.js';
import { html } from './html.js';
import { button, mailHtml, mailText } from './emails.js';

export interface NoTemplateView {
  to: string;
  coordinatorName: string;
  tenantName: string;
  /** The year no template covers yet. */
  year: number;
  /** The dashboard page where a template is uploaded. */
  templatesUrl: string;
  /** "1 december 2026": when the cycle would open on its own; absent when it is opened by hand. */
  opensText?: string;
  partyLink: string;
}

/** November: next year's cycle cannot open, because no template covers that year yet. */
export function noTemplateMail(view: NoTemplateView): Mail {
  const subject = `Nog geen sjabloon voor de prestatieafspraken ${view.year}`;
  const line = `Voor ${view.tenantName} is nog geen cyclussjabloon geladen dat ${view.year} dekt. Zonder sjabloon kan de cyclus ${view.year} niet openen en gaan er geen herinneringen uit.`;
  const when = view.opensText ? `De cyclus ${view.year} zou op ${view.opensText} vanzelf openen.` : `Open de cyclus ${view.year} daarna op het dashboard.`;
  const todo = `Laad het sjabloon met de afspraken voor ${view.year} op het dashboard (Sjablonen); u ziet eerst de controle, de kalender en de verschillen.`;
  const text = mailText([`Beste ${view.coordinatorName},`, '', line, '', when, todo, '', view.templatesUrl], view.partyLink);
  const body = html`<p>Beste ${view.coordinatorName},</p><p>${line}</p><p>${when} ${todo}</p>${button(view.templatesUrl, 'Sjabloon laden')}`;
  return { to: view.to, subject, text, html: mailHtml(body, view.partyLink) };
}
