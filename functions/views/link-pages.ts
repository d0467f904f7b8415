import type { TokenProblem } from '../core/link-token.js';
import type { FormErrors, FormField, FormSpec, FormValues } from '../core/forms.js';
import type { Receipt } from '../core/receipt.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';

export interface HtmlResult {
  status: number;
  html: string;
}

export type LinkProblem = TokenProblem | 'revoked' | 'not-found' | 'waived' | 'other-party';

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
  'other-party': {
    status: 403,
    title: 'Deze link hoort bij een andere partij',
    text: 'Deze levering wordt door een andere partij ingediend, dus via deze link kunt u niets indienen of inzien. Neem contact op met de coördinator van de prestatieafspraken als u denkt dat dit niet klopt.',
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

/** An expired link whose signature holds: its owner may ask for a new one, sent to the address on record. */
export function expiredLinkPage(action: string): HtmlResult {
  const body = html`<h1>Deze link is verlopen</h1>
<p>De termijn van deze link is voorbij. U kunt een nieuwe link aanvragen: die sturen we naar het e-mailadres dat bij ons bekend is, niet naar een ander adres.</p>
<form method="post" action="${action}"><button type="submit">Stuur mij een nieuwe link</button></form>
<p>Lukt het niet, neem dan contact op met de coördinator van de prestatieafspraken.</p>`;
  return { status: 410, html: page('Deze link is verlopen', body) };
}

export function messagePage(status: number, title: string, text: string): HtmlResult {
  return { status, html: page(title, html`<h1>${title}</h1><p>${text}</p>`) };
}

export interface FormContext {
  deliverableTitle: string;
  clauseText: string;
  /** "zondag 28 februari 2027", or undefined when there is no deadline. */
  dueText: string | undefined;
  partyName: string;
  contactName: string;
  /** Where the form posts to: the same signed link. */
  action: string;
  /** Earlier versions, so the person knows a new submission is a new version. */
  previousVersions: number;
  spec: FormSpec;
  /** For a sign-off: who of all signers has signed; complete when all have. */
  signatures?: { party: string; signed: boolean }[];
  /** The PDF upload, for kinds that take one. */
  upload?: UploadView;
  /** The document this deliverable answers, with the reader's link to it. */
  answers?: { title: string; readLink: string };
}

export interface UploadView {
  required: boolean;
  /** Where the file goes: straight to storage (S3 in AWS), with the presigned fields. */
  url: string;
  fields: Record<string, string>;
  /** The PDF already uploaded for this submission, if any. */
  current?: { key: string; fileName: string; sizeBytes: number };
  error?: string;
}

function uploadSection(upload: UploadView | undefined): SafeHtml {
  if (!upload) return html``;
  const kb = (n: number) => `${Math.max(1, Math.round(n / 1024)).toLocaleString('nl-NL')} kB`;
  return html`<h2>Document (PDF)</h2>
${upload.current
    ? html`<p class="notice" role="status">Ontvangen: <strong>${upload.current.fileName}</strong> (${kb(upload.current.sizeBytes)}). Een ander bestand? Upload het hieronder opnieuw.</p>`
    : html`<p>Upload ${upload.required ? 'eerst' : 'zo nodig'} het document als PDF, hoogstens 10 MB${upload.required ? '' : ' (niet verplicht)'}.</p>`}
${upload.error ? html`<p class="field-error" id="bestand-fout"><span class="visually-hidden">Fout: </span>${upload.error}</p>` : ''}
<form method="post" action="${upload.url}" enctype="multipart/form-data">
${Object.entries(upload.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<label for="bestand">PDF-bestand</label>
<input type="file" id="bestand" name="file" accept="application/pdf,.pdf"${upload.error ? html` aria-invalid="true" aria-describedby="bestand-fout"` : ''}>
<button type="submit" class="secondary">PDF uploaden</button>
</form>
<h2>Gegevens</h2>`;
}

function signatureList(signatures: FormContext['signatures']): SafeHtml {
  if (!signatures) return html``;
  const signed = signatures.filter((s) => s.signed).map((s) => s.party);
  const open = signatures.filter((s) => !s.signed).map((s) => s.party);
  return html`<p>Ondertekend: ${signed.length ? signed.join(', ') : 'nog door niemand'}.
${open.length ? html`Nog niet ondertekend: ${open.join(', ')}. De afspraken zijn rond als alle partijen hebben getekend.` : 'Alle partijen hebben getekend.'}</p>`;
}

function fieldError(id: string, message: string | undefined): SafeHtml {
  return html`${message ? html`<p class="field-error" id="${id}-fout"><span class="visually-hidden">Fout: </span>${message}</p>` : ''}`;
}

function describedBy(id: string, hint: boolean, error: string | undefined): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-fout` : ''].filter(Boolean).join(' ') || undefined;
}

function attrs(id: string, field: FormField, error: string | undefined): SafeHtml {
  const by = describedBy(id, Boolean(field.hint), error);
  return html`${by ? html` aria-describedby="${by}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
}

function renderField(field: FormField, value: string | undefined, error: string | undefined): SafeHtml {
  const id = field.name;
  const hint = field.hint ? html`<p class="hint" id="${id}-hint">${field.hint}</p>` : '';
  switch (field.type) {
    case 'radio':
      return html`<fieldset${attrs(id, field, error)}>
<legend>${field.label}</legend>${hint}${fieldError(id, error)}
${Object.entries(field.options ?? {}).map(
  ([v, label]) => html`<div class="choice"><input type="radio" id="${id}-${v}" name="${id}" value="${v}"${value === v ? html` checked` : ''}${error ? html` aria-invalid="true"` : ''}><label for="${id}-${v}">${label}</label></div>`,
)}
</fieldset>`;
    case 'checkbox':
      return html`<div class="choice"><input type="checkbox" id="${id}" name="${id}" value="ja"${value === 'ja' ? html` checked` : ''}${attrs(id, field, error)}><label for="${id}">${field.label}</label></div>${fieldError(id, error)}`;
    case 'textarea':
      return html`<label for="${id}">${field.label}</label>${hint}${fieldError(id, error)}
<textarea id="${id}" name="${id}"${attrs(id, field, error)}>${value ?? ''}</textarea>`;
    default: {
      const type = field.type === 'date' ? 'date' : 'text';
      const numeric = field.type === 'number' ? html` inputmode="numeric"` : '';
      return html`<label for="${id}">${field.label}</label>${hint}${fieldError(id, error)}
<input type="${type}" id="${id}" name="${id}"${numeric}${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : ''} value="${value ?? ''}"${attrs(id, field, error)}>`;
    }
  }
}

/** A submission form for any kind. Works without JavaScript; errors are summarised at the top and linked to their field. */
export function submissionFormPage(ctx: FormContext, values: FormValues, errors: FormErrors, formKey: string): HtmlResult {
  const fields = ctx.spec.fields;
  const errorList = fields.filter((f) => errors[f.name]);
  const formError = errors.formKey;
  const uploadError = ctx.upload?.error;
  const count = errorList.length + (formError ? 1 : 0) + (uploadError ? 1 : 0);
  const title = `${count ? 'Fout: ' : ''}${ctx.deliverableTitle}`;
  const anchor = (f: FormField) => (f.type === 'radio' ? `${f.name}-${Object.keys(f.options ?? {})[0]}` : f.name);
  const body = html`
<h1>${ctx.deliverableTitle}</h1>
${count
    ? html`<div class="error-summary" role="alert" aria-labelledby="fouten-titel" tabindex="-1">
<h2 id="fouten-titel">Er ${count === 1 ? 'is 1 fout' : `zijn ${count} fouten`} in het formulier</h2>
<ul>${uploadError ? html`<li><a href="#bestand">${uploadError}</a></li>` : ''}${errorList.map((f) => html`<li><a href="#${anchor(f)}">${errors[f.name]}</a></li>`)}${formError ? html`<li>${formError}</li>` : ''}</ul>
</div>`
    : ''}
<div class="notice">
<p>U dient dit in namens <strong>${ctx.partyName}</strong> als ${ctx.contactName}.</p>
<p>${ctx.dueText ? html`Uiterlijk <strong>${ctx.dueText}</strong>. ` : ''}Afspraak: ${ctx.clauseText}.</p>
${signatureList(ctx.signatures)}
${ctx.answers ? html`<p>Dit is de reactie op „${ctx.answers.title}”: <a href="${ctx.answers.readLink}">lees het document</a>.</p>` : ''}
${ctx.previousVersions > 0
    ? html`<p>Er is al ${ctx.previousVersions === 1 ? 'een versie' : `${ctx.previousVersions} versies`} ingediend. Wat u nu indient, wordt een nieuwe versie; eerdere versies blijven bewaard.</p>`
    : ''}
</div>
<p>${ctx.spec.intro}</p>
${uploadSection(ctx.upload)}
<form method="post" action="${ctx.action}" novalidate>
<input type="hidden" name="formKey" value="${formKey}">
<input type="hidden" name="stap" value="controle">
${ctx.upload?.current ? html`<input type="hidden" name="bijlage" value="${ctx.upload.current.key}">` : ''}
${fields.map((f) => renderField(f, values[f.name], errors[f.name]))}
<button type="submit">Controleren</button>
</form>`;
  return { status: count ? 422 : 200, html: page(title, body) };
}

function hiddenFields(values: FormValues): SafeHtml {
  return html`${Object.entries(values).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}`;
}

/**
 * The check before the final submit (WCAG 3.3.4): everything as it will be recorded, with a button
 * to submit it and one to go back and change it. Nothing is stored until the first is pressed.
 */
export function confirmationPage(ctx: FormContext, values: FormValues, attachment?: { fileName: string; sizeBytes: number }): HtmlResult {
  const shown = ctx.spec.fields.map((f) => {
    const raw = values[f.name] ?? '';
    const value = f.type === 'checkbox' ? (raw === 'ja' ? 'Ja' : 'Nee') : (f.options?.[raw] ?? raw);
    return html`<dt>${f.type === 'checkbox' ? 'Ondertekend' : f.label}</dt><dd>${value || '(leeg)'}</dd>`;
  });
  const body = html`
<h1>Controleer uw gegevens</h1>
<p>U staat op het punt in te dienen: <strong>${ctx.deliverableTitle}</strong>, namens ${ctx.partyName}. Klopt alles? Na het indienen ontvangt u een ontvangstbewijs.</p>
<dl>${shown}${attachment ? html`<dt>Bijlage</dt><dd>${attachment.fileName} (${Math.max(1, Math.round(attachment.sizeBytes / 1024))} kB)</dd>` : ''}</dl>
<form method="post" action="${ctx.action}">
${hiddenFields(values)}
<input type="hidden" name="stap" value="bevestigen">
<button type="submit">${ctx.spec.submitLabel}</button>
</form>
<form method="post" action="${ctx.action}">
${hiddenFields(values)}
<input type="hidden" name="stap" value="wijzigen">
<button type="submit" class="secondary">Terug om te wijzigen</button>
</form>`;
  return { status: 200, html: page(`Controleer: ${ctx.deliverableTitle}`, body) };
}

export interface ReceiptView {
  deliverableTitle: string;
  partyName: string;
  submittedAtText: string;
  late: boolean;
  version: number;
  submitterName: string;
  onBehalfOf: string;
  /** The submitted fields with their labels, so the person sees what was recorded. */
  fields: { label: string; value: string }[];
  receipt: Receipt;
  /** Where the receipt can be downloaded as a file that verifies offline. */
  jsonUrl: string;
  attachment?: { fileName: string; sizeBytes: number; sha256: string };
}

export function receiptPage(view: ReceiptView): HtmlResult {
  const body = html`
<h1>Ontvangstbewijs: ${view.deliverableTitle}</h1>
<p class="notice" role="status">Uw inzending is ontvangen en vastgelegd${view.late ? html`, <strong>na de termijn</strong> (te laat ingediend)` : ''}. U krijgt dit ontvangstbewijs ook per e-mail.</p>
<dl>
<dt>Ingediend door</dt><dd>${view.submitterName}, namens ${view.onBehalfOf} (${view.partyName})</dd>
<dt>Ontvangen op</dt><dd>${view.submittedAtText}</dd>
<dt>Versie</dt><dd>${view.version}</dd>
${view.fields.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}
${view.attachment ? html`<dt>Bijlage</dt><dd>${view.attachment.fileName} (${Math.max(1, Math.round(view.attachment.sizeBytes / 1024))} kB)<br>SHA-256 van het bestand: <code>${view.attachment.sha256}</code></dd>` : ''}
<dt>Vingerafdruk (SHA-256)</dt><dd><code>${view.receipt.contentSha256}</code></dd>
<dt>Handtekening</dt><dd><code>${view.receipt.signature}</code></dd>
<dt>Sleutel</dt><dd><code>${view.receipt.keyId}</code> (${view.receipt.signatureAlgorithm})</dd>
</dl>
<p>Met de vingerafdruk en de handtekening kan iedereen nagaan dat deze inzending ongewijzigd is.
<a href="${view.jsonUrl}">Download het ontvangstbewijs als bestand</a> om het te bewaren of te laten controleren.</p>`;
  return { status: 200, html: page(`Ontvangstbewijs: ${view.deliverableTitle}`, body) };
}
