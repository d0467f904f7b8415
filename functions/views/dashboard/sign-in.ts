import { html } from '../html.js';
import { plainPage } from './layout.js';

/**
 * The local development sign-in: an address and a municipality, no password. Only the local cloud
 * serves it; the page says so in bold.
 */
export function localSignInPage(view: { signedOut: boolean; errors: Record<string, string>; values: Record<string, string> }): string {
  const { errors, values } = view;
  const failed = Object.keys(errors).length > 0;
  const input = (name: string, label: string, type: string, value: string, hint: string) => html`<div class="huis-veld">
<label for="${name}">${label}</label><p class="hint" id="${name}-hint">${hint}</p>
${errors[name] ? html`<p class="field-error" id="${name}-fout"><span class="visually-hidden">Fout: </span>${errors[name]}</p>` : ''}
<input type="${type}" id="${name}" name="${name}" value="${value}" aria-describedby="${name}-hint${errors[name] ? ` ${name}-fout` : ''}"${errors[name] ? html` aria-invalid="true"` : ''}>
</div>`;
  const body = html`<h1>Aanmelden als coördinator</h1>
${view.signedOut ? html`<div class="huis-melding" role="status"><p>U bent afgemeld.</p></div>` : ''}
<div class="huis-melding"><p><strong>Alleen lokaal, voor ontwikkeling en demonstratie.</strong> Deze aanmelding zonder wachtwoord bestaat alleen in de lokale omgeving (<code>npm start</code>). In AWS meldt u zich aan bij de inlogpagina van de gemeente, met wachtwoord en tweestapsverificatie, en alleen als de beheerder u een account gaf.</p></div>
${failed ? html`<div class="huis-fout" role="alert"><h2>Controleer het formulier</h2><ul>${Object.entries(errors).map(([k, v]) => html`<li><a href="#${k}">${v}</a></li>`)}</ul></div>` : ''}
<form method="post" action="/beheer/inloggen" novalidate>
${input('email', 'Uw e-mailadres', 'email', values.email ?? '', 'Komt als uw naam in het logboek.')}
${input('gemeente', 'Gemeente', 'text', values.gemeente ?? 'leusden', 'Het kenmerk van de gemeente die u beheert, bijvoorbeeld leusden.')}
<button type="submit">Aanmelden</button>
</form>`;
  return plainPage(`${failed ? 'Fout: ' : ''}Aanmelden`, body);
}
