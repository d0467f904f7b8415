import type { Receipt } from '../core/receipt.js';
import { html } from './html.js';
import { page } from './layout.js';
import type { HtmlResult } from './link-pages.js';

export interface ReadVersionView {
  version: number;
  submittedAtText: string;
  late: boolean;
  submitterName: string;
  onBehalfOf: string;
  fields: { label: string; value: string }[];
  attachment?: { fileName: string; sizeBytes: number; sha256: string; downloadUrl: string };
  receipt: Receipt;
  /** The receipt's signature checked against the published keys: valid, invalid, or its key is not published. */
  signature: 'geldig' | 'ongeldig' | 'onbekende-sleutel';
  /** When the reader confirmed this version, in Dutch; undefined while not confirmed. */
  confirmedText?: string;
}

export interface ReadPageView {
  deliverableTitle: string;
  clauseText: string;
  fromParty: string;
  readerName: string;
  readerParty: string;
  /** Where the confirmation posts to: the same signed link. */
  action: string;
  keysUrl: string;
  /** Newest first. */
  versions: ReadVersionView[];
  /** After a confirmation: the message the page opens with. */
  justConfirmed?: number;
}

const kB = (bytes: number) => Math.max(1, Math.round(bytes / 1024));

const signatureText: Record<ReadVersionView['signature'], string> = {
  geldig: 'De handtekening is gecontroleerd met de gepubliceerde sleutel en klopt: deze versie is ongewijzigd.',
  ongeldig: 'Let op: de handtekening klopt niet met de gepubliceerde sleutel. Neem contact op met de coördinator van de prestatieafspraken.',
  'onbekende-sleutel': 'De sleutel van deze handtekening staat niet (meer) tussen de gepubliceerde sleutels; de handtekening kon niet worden gecontroleerd.',
};

function versionDetails(v: ReadVersionView) {
  return html`<dl>
<dt>Ingediend door</dt><dd>${v.submitterName ? html`${v.submitterName}, namens ${v.onBehalfOf}` : v.onBehalfOf}</dd>
<dt>Ontvangen op</dt><dd>${v.submittedAtText}${v.late ? ' (na de termijn)' : ''}</dd>
${v.fields.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}
${v.attachment
    ? html`<dt>Document</dt><dd><a href="${v.attachment.downloadUrl}" download>${v.attachment.fileName} downloaden</a> (PDF, ${kB(v.attachment.sizeBytes)} kB)<br>SHA-256 van het bestand: <code>${v.attachment.sha256}</code></dd>`
    : ''}
<dt>Vingerafdruk (SHA-256)</dt><dd><code>${v.receipt.contentSha256}</code></dd>
<dt>Handtekening</dt><dd><code>${v.receipt.signature}</code><br>Sleutel <code>${v.receipt.keyId}</code>. ${signatureText[v.signature]}</dd>
</dl>`;
}

/** What another party submitted for the reader's party: the newest version, its receipt, the earlier ones, and the confirmation. */
export function readPage(view: ReadPageView): HtmlResult {
  const [latest, ...earlier] = view.versions;
  if (!latest) return { status: 404, html: page('Nog niets ingediend', html`<h1>Nog niets ingediend</h1><p>Er is nog geen versie van „${view.deliverableTitle}”.</p>`) };
  const body = html`
<h1>${view.deliverableTitle}</h1>
${view.justConfirmed ? html`<p class="notice" role="status">Bedankt. U hebt bevestigd dat versie ${view.justConfirmed} is ontvangen; dat is vastgelegd.</p>` : ''}
<div class="notice">
<p>Ingediend door <strong>${view.fromParty}</strong>. U leest het als ${view.readerName} van ${view.readerParty}.</p>
<p>Afspraak: ${view.clauseText}.</p>
</div>
<h2>Versie ${latest.version}${earlier.length ? ' (de nieuwste)' : ''}</h2>
${versionDetails(latest)}
<p><a href="${view.keysUrl}">De gepubliceerde sleutels</a> laten iedereen de handtekening zelf nagaan.</p>
${latest.confirmedText
    ? html`<p class="notice">U hebt de ontvangst van versie ${latest.version} bevestigd op ${latest.confirmedText}.</p>`
    : html`<form method="post" action="${view.action}">
<input type="hidden" name="versie" value="${latest.version}">
<p>Laat ${view.fromParty} en de coördinator weten dat dit bij ${view.readerParty} is aangekomen.</p>
<button type="submit">Ontvangst van versie ${latest.version} bevestigen</button>
</form>`}
${earlier.length
    ? html`<h2>Eerdere versies</h2>
${earlier.map((v) => html`<details><summary>Versie ${v.version}, ontvangen op ${v.submittedAtText}</summary>${versionDetails(v)}</details>`)}`
    : ''}`;
  return { status: 200, html: page(view.deliverableTitle, body) };
}
