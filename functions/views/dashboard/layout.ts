import { dutchDate, dutchDateTime, parseIsoDate } from '../../core/time.js';
import type { ShownStatus } from '../../core/model.js';
import { statusLabel } from '../../core/model.js';
import { html, SafeHtml } from '../html.js';
import { basePath } from '../../http/routes.js';
import { STYLESHEET_PATH, stylesheetVersion } from './stylesheet.js';

/** What every dashboard page knows: the municipality-year, who is signed in, and the form token. */
export interface DashboardContext {
  tenant: string;
  tenantName: string;
  year: number;
  formToken: string;
  signedInAs: string;
  /** The page's own path, for the navigation's aria-current. */
  path: string;
}

/** A form that failed: which form, what was typed, and a Dutch message per field. */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  /** A problem not tied to one field (a 409: closed meanwhile). */
  problem?: { title: string; text: string };
  /** More messages about one field, each linked to it (every problem of an uploaded template, with its line). */
  items?: { field: string; message: string }[];
}

export { basePath, deliverablePath } from '../../http/routes.js';

export function dashboardPage(ctx: DashboardContext, title: string, body: SafeHtml, options: { state?: FormState; notice?: string } = {}): string {
  const base = basePath(ctx);
  const nav: [string, string][] = [
    [base, 'Jaaroverzicht'],
    [`${base}/leveringen`, 'Leveringen'],
    [`${base}/partijen`, 'Partijen en contacten'],
    [`${base}/sjablonen`, 'Sjablonen'],
    [`${base}/verantwoording`, 'Verantwoording'],
  ];
  const current = (href: string) => ctx.path === href || (href !== base && ctx.path.startsWith(`${href}/`));
  const failed = options.state && (Object.keys(options.state.errors).length > 0 || options.state.problem);
  return shell(
    `${failed ? 'Fout: ' : ''}${title} – ${ctx.tenantName} ${ctx.year}`,
    html`<header class="huis-kop">
<p>Prestatieafspraken ${ctx.tenantName} ${ctx.year} · beheer</p>
<form method="post" action="/beheer/uitloggen">
<input type="hidden" name="formulier" value="${ctx.formToken}">
<span>Aangemeld als ${ctx.signedInAs}</span>
<button type="submit">Afmelden</button>
</form>
</header>
<nav class="huis-nav" aria-label="Beheer">
<ul>${nav.map(([href, label]) => html`<li><a href="${href}"${current(href) ? new SafeHtml(' aria-current="page"') : ''}>${label}</a></li>`)}</ul>
</nav>
<main id="inhoud">
${options.notice ? html`<div class="huis-melding" role="status"><p>${options.notice}</p></div>` : ''}
${failed ? errorSummary(options.state!) : ''}
${body}
</main>`,
  );
}

/** A page outside a municipality-year: sign-in, the choice of municipality, a problem. */
export function plainPage(title: string, body: SafeHtml): string {
  return shell(
    title,
    html`<header class="huis-kop"><p>Prestatieafspraken · beheer</p></header>
<main id="inhoud">${body}</main>`,
  );
}

function shell(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="nl" class="utrecht-theme utrecht-html">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} – Prestatieafspraken</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}?v=${stylesheetVersion()}">
</head>
<body>
<a class="huis-skip" href="#inhoud">Naar de inhoud</a>
${body}
</body>
</html>`.value;
}

function errorSummary(state: FormState): SafeHtml {
  const fields = [...Object.entries(state.errors), ...(state.items ?? []).map((i): [string, string] => [i.field, i.message])];
  return html`<div class="huis-fout" role="alert" tabindex="-1">
<h2>${state.problem?.title ?? 'Controleer het formulier'}</h2>
${state.problem ? html`<p>${state.problem.text}</p>` : ''}
${fields.length ? html`<ul>${fields.map(([field, message]) => html`<li><a href="#${fieldId(state.form, field)}">${message}</a></li>`)}</ul>` : ''}
</div>`;
}

export const fieldId = (form: string, field: string) => `${form}-${field}`;

/** A labelled input with hint and error, kept filled in after a failed post. */
export function field(
  state: FormState | undefined,
  form: string,
  name: string,
  label: string,
  options: { type?: 'text' | 'email' | 'date' | 'time' | 'textarea'; hint?: string; value?: string; required?: boolean; autocomplete?: string } = {},
): SafeHtml {
  const id = fieldId(form, name);
  const mine = state?.form === form ? state : undefined;
  const error = mine?.errors[name];
  const value = mine ? (mine.values[name] ?? '') : (options.value ?? '');
  const described = [options.hint ? `${id}-hint` : '', error ? `${id}-fout` : ''].filter(Boolean).join(' ');
  const attrs = new SafeHtml(
    [
      `id="${id}"`,
      `name="${name}"`,
      options.required ? 'required' : '',
      error ? 'aria-invalid="true"' : '',
      described ? `aria-describedby="${described}"` : '',
      options.autocomplete ? `autocomplete="${options.autocomplete}"` : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
  const control =
    options.type === 'textarea'
      ? html`<textarea ${attrs}>${value}</textarea>`
      : html`<input type="${options.type ?? 'text'}" ${attrs} value="${value}">`;
  return html`<div class="huis-veld">
<label for="${id}">${label}</label>
${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
${error ? html`<p class="field-error" id="${id}-fout"><span class="visually-hidden">Fout: </span>${error}</p>` : ''}
${control}
</div>`;
}

/** The hidden fields every dashboard form carries: which form, and the session's form token. */
export function formHeader(ctx: DashboardContext, actie: string): SafeHtml {
  return html`<input type="hidden" name="formulier" value="${ctx.formToken}"><input type="hidden" name="actie" value="${actie}">`;
}

export function statusBadge(status: ShownStatus): SafeHtml {
  return html`<span class="huis-status huis-status-${status}">${statusLabel[status]}</span>`;
}

export const day = (iso: string | undefined) => (iso ? dutchDate(parseIsoDate(iso.slice(0, 10))) : '—');
export const moment = (iso: string | undefined) => (iso ? dutchDateTime(new Date(iso)) : '—');

/** A table that may be wider than a phone: it scrolls in its own region (keyboard-focusable, named), the page does not (WCAG 1.4.10). */
export function scrollRegion(label: string, table: SafeHtml): SafeHtml {
  return html`<div class="huis-scroll" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}
