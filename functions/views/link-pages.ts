import type { TokenProblem } from '../core/link-token.js';
import { standpunten, type AdviceForm, type AdviceFormErrors } from '../core/huuradvies.js';
import type { Receipt } from '../core/receipt.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';

export interface HtmlResult {
  status: number;
  html: string;
}

export type LinkProblem = TokenProblem | 'revoked' | 'not-found' | 'waived';

const problems: Record<LinkProblem, { status: number; title: string; text: string }> = {
  malformed: {
    status: 400,
    title: 'Deze link is niet compleet',
    text: 'De link is onvolledig of beschadigd, bijvoorbeeld doordat uw e-mailprogramma hem over twee regels heeft verdeeld. Kopieer de hele link uit de e-mail en plak hem in de adresbalk. Lukt dat niet, neem dan contact op met de coördinator van de prestatieafspraken.',
  },
  'unknown-key': {
    status: 403,
    title: 'Deze link is niet meer geldig',
    text: 'De link is ondertekend met een sleutel die niet meer wordt gebruikt. Gebruik de link uit de meest recente e-mail, of vraag de coördinator van de prestatieafspraken om een nieuwe link.',
  },
  'bad-signature': {
    status: 403,
    title: 'Deze link klopt niet',
    text: 'De link is gewijzigd en kan daarom niet worden gebruikt. Gebruik de link precies zoals hij in de e-mail staat, of vraag de coördinator van de prestatieafspraken om een nieuwe link.',
  },
  expired: {
    status: 410,
    title: 'Deze link is verlopen',
    text: 'De termijn van deze link is voorbij. Vraag de coördinator van de prestatieafspraken om een nieuwe link.',
  },
  revoked: {
    status: 410,
    title: 'Deze link is ingetrokken',
    text: 'De coördinator heeft deze link ingetrokken. Gebruik de link uit de meest recente e-mail, of vraag de coördinator om een nieuwe link.',
  },
  'not-found': {
    status: 404,
    title: 'Deze link is onbekend',
    text: 'Bij deze link hoort geen openstaande levering. Gebruik de link uit de meest recente e-mail, of neem contact op met de coördinator van de prestatieafspraken.',
  },
  waived: {
    status: 409,
    title: 'Deze levering is vrijgesteld',
    text: 'De coördinator heeft deze levering voor dit jaar vrijgesteld. U hoeft niets meer in te dienen.',
  },
};

export function linkProblemPage(problem: LinkProblem): HtmlResult {
  const p = problems[problem];
  return { status: p.status, html: page(p.title, html`<h1>${p.title}</h1><p>${p.text}</p>`) };
}

export function messagePage(status: number, title: string, text: string): HtmlResult {
  return { status, html: page(title, html`<h1>${title}</h1><p>${text}</p>`) };
}

export interface FormContext {
  deliverableTitle: string;
  clauseText: string;
  dueText: string;
  partyName: string;
  contactName: string;
  /** Where the form posts to: the same signed link. */
  action: string;
  /** Earlier versions, so the person knows a new submission is a new version. */
  previousVersions: number;
}

const fieldOrder: (keyof AdviceForm)[] = ['standpunt', 'advies', 'naam', 'namens'];

function fieldError(id: string, message: string | undefined): SafeHtml {
  return html`${message ? html`<p class="field-error" id="${id}-fout"><span class="visually-hidden">Fout: </span>${message}</p>` : ''}`;
}

function describedBy(id: string, hint: boolean, error: string | undefined): string {
  return [hint ? `${id}-hint` : '', error ? `${id}-fout` : ''].filter(Boolean).join(' ');
}

/** The advice form. Works without JavaScript; errors are summarised at the top and linked to their field. */
export function adviceFormPage(
  ctx: FormContext,
  values: Partial<Record<keyof AdviceForm, string>>,
  errors: AdviceFormErrors,
  formKey: string,
): HtmlResult {
  const errorList = fieldOrder.filter((f) => errors[f]);
  const title = `${errorList.length ? 'Fout: ' : ''}${ctx.deliverableTitle}`;
  const body = html`
<h1>${ctx.deliverableTitle}</h1>
${errorList.length
    ? html`<div class="error-summary" role="alert" aria-labelledby="fouten-titel" tabindex="-1">
<h2 id="fouten-titel">Er ${errorList.length === 1 ? 'is 1 fout' : `zijn ${errorList.length} fouten`} in het formulier</h2>
<ul>${errorList.map((f) => html`<li><a href="#${f === 'standpunt' ? 'standpunt-positief' : f}">${errors[f]}</a></li>`)}</ul>
</div>`
    : ''}
<div class="notice">
<p>U dient dit in namens <strong>${ctx.partyName}</strong> als ${ctx.contactName}.</p>
<p>Uiterlijk <strong>${ctx.dueText}</strong>. Afspraak: ${ctx.clauseText}.</p>
${ctx.previousVersions > 0
    ? html`<p>Er is al ${ctx.previousVersions === 1 ? 'een versie' : `${ctx.previousVersions} versies`} ingediend. Wat u nu indient, wordt een nieuwe versie; eerdere versies blijven bewaard.</p>`
    : ''}
</div>
<form method="post" action="${ctx.action}" novalidate>
<input type="hidden" name="formKey" value="${formKey}">
<fieldset aria-describedby="${describedBy('standpunt', false, errors.standpunt) || undefined}">
<legend>Uw standpunt over de voorgestelde huursomaanpassing</legend>
${fieldError('standpunt', errors.standpunt)}
${Object.entries(standpunten).map(
  ([value, label]) => html`<div class="choice"><input type="radio" id="standpunt-${value}" name="standpunt" value="${value}"${values.standpunt === value ? html` checked` : ''}${errors.standpunt ? html` aria-invalid="true"` : ''}><label for="standpunt-${value}">${label}</label></div>`,
)}
</fieldset>
<label for="advies">Advies</label>
<p class="hint" id="advies-hint">Uw advies over de huursomaanpassing en de verdeling over de huurders. Minstens 20 tekens.</p>
${fieldError('advies', errors.advies)}
<textarea id="advies" name="advies" aria-describedby="${describedBy('advies', true, errors.advies)}"${errors.advies ? html` aria-invalid="true"` : ''}>${values.advies ?? ''}</textarea>
<label for="naam">Uw naam</label>
${fieldError('naam', errors.naam)}
<input type="text" id="naam" name="naam" autocomplete="name" value="${values.naam ?? ''}"${errors.naam ? html` aria-invalid="true" aria-describedby="naam-fout"` : ''}>
<label for="namens">Namens</label>
<p class="hint" id="namens-hint">De organisatie namens wie u dit advies geeft.</p>
${fieldError('namens', errors.namens)}
<input type="text" id="namens" name="namens" autocomplete="organization" value="${values.namens ?? ''}" aria-describedby="${describedBy('namens', true, errors.namens)}"${errors.namens ? html` aria-invalid="true"` : ''}>
<button type="submit">Advies indienen</button>
</form>`;
  return { status: errorList.length ? 422 : 200, html: page(title, body) };
}

export interface ReceiptView {
  deliverableTitle: string;
  partyName: string;
  submittedAtText: string;
  late: boolean;
  version: number;
  submitterName: string;
  onBehalfOf: string;
  receipt: Receipt;
}

export function receiptPage(view: ReceiptView): HtmlResult {
  const body = html`
<h1>Ontvangstbewijs: ${view.deliverableTitle}</h1>
<p class="notice" role="status">Uw inzending is ontvangen en vastgelegd${view.late ? html`, <strong>na de termijn</strong> (te laat ingediend)` : ''}. U krijgt dit ontvangstbewijs ook per e-mail.</p>
<dl>
<dt>Ingediend door</dt><dd>${view.submitterName}, namens ${view.onBehalfOf} (${view.partyName})</dd>
<dt>Ontvangen op</dt><dd>${view.submittedAtText}</dd>
<dt>Versie</dt><dd>${view.version}</dd>
<dt>Vingerafdruk (SHA-256)</dt><dd><code>${view.receipt.contentSha256}</code></dd>
<dt>Handtekening</dt><dd><code>${view.receipt.signature}</code></dd>
<dt>Sleutel</dt><dd><code>${view.receipt.keyId}</code> (${view.receipt.signatureAlgorithm})</dd>
</dl>
<p>Met de vingerafdruk en de handtekening kan iedereen nagaan dat deze inzending ongewijzigd is.</p>`;
  return { status: 200, html: page(`Ontvangstbewijs: ${view.deliverableTitle}`, body) };
}
