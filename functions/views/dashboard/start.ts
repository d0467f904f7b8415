import { html } from '../html.js';
import { basePath, plainPage } from './layout.js';

/** The start page after signing in: the municipality-years this coordinator may open. */
export function startPage(signedInAs: string, entries: { tenant: string; name: string; year: number }[], formToken: string): string {
  const body = html`<h1>Prestatieafspraken beheren</h1>
<p>Aangemeld als ${signedInAs}.</p>
${entries.length
    ? html`<p>Kies een gemeente en jaar:</p><ul>${entries.map((e) => html`<li><a href="${basePath(e)}">${e.name} ${e.year}</a></li>`)}</ul>`
    : html`<p>Voor uw gemeente(n) is nog geen cyclus geopend. Vraag de beheerder om de cyclus te openen.</p>`}
<form method="post" action="/beheer/uitloggen"><input type="hidden" name="formulier" value="${formToken}"><button type="submit">Afmelden</button></form>`;
  return plainPage('Beheer', body);
}
