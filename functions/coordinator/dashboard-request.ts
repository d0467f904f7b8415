import type { z } from 'zod';
import type { Deps } from '../adapters/deps.js';
import { formBody, HttpProblem, type HttpEvent } from '../http/handler.js';
import type { DashboardContext, FormState } from '../views/dashboard/layout.js';
import { checkInstanceId } from '../services/steering.js';
import { checkFormToken, sessionCycle } from './session.js';

/** What a successful action says on the page it returns to (a fixed text per code: nothing from the request is echoed). */
export const notices: Record<string, string> = {
  verlengd: 'De termijn is verlengd. De herinneringen volgen de nieuwe datum.',
  vrijgesteld: 'De levering is vrijgesteld voor dit jaar. Er gaan geen herinneringen meer uit.',
  ontvangen: 'De levering is vastgelegd als ontvangen, met een ondertekend ontvangstbewijs.',
  'link-versturen': 'De link is nog eens verstuurd.',
  'link-intrekken': 'De links zijn ingetrokken.',
  'link-opnieuw-versturen': 'De oude links zijn ingetrokken en er is een nieuwe link verstuurd.',
  datum: 'De datum is vastgelegd. Termijnen die ervan afhangen zijn bijgewerkt.',
  'contact-toevoegen': 'Het contact is toegevoegd.',
  'contact-wijzigen': 'De gegevens van het contact zijn opgeslagen.',
  'contact-deactiveren': 'Het contact is gedeactiveerd en krijgt geen berichten meer.',
  'contact-activeren': 'Het contact is weer actief.',
  hervat: 'De herinneringen lopen weer: gemiste berichten gaan nu alsnog uit.',
  'contact-coordinator': 'Het contact is nu coördinator en krijgt de escalaties.',
  'contact-geen-coordinator': 'Het contact is geen coördinator meer en krijgt geen escalaties meer.',
  'sjabloon-geladen': 'Het sjabloon is geladen als nieuwe versie, in gebruik voor cycli die vanaf nu openen. Een lopende cyclus volgt het pas als u die overzet.',
  'sjabloon-ongewijzigd': 'Dit sjabloon is al de versie in gebruik; er is niets opgeslagen.',
  'sjabloon-toegepast': 'De cyclus volgt nu de versies in gebruik. De leveringen zijn bijgewerkt zoals het plan liet zien; elke wijziging staat in het logboek.',
  'niets-toe-te-passen': 'Er was niets toe te passen: de cyclus volgt de versies in gebruik al.',
  'volgend-jaar-geopend': 'De cyclus {volgend} wordt geopend. Elk contact krijgt de jaarkalender per e-mail; over enkele ogenblikken staat het jaar klaar.',
  'volgend-jaar-al-bezig': 'De cyclus {volgend} werd al geopend.',
};

/**
 * A failed form: zod's messages per field (or a problem for the whole form), and what was typed.
 * Anything else is not the user's to fix and goes on to the error mapping.
 */
export function failed(form: string, values: Record<string, string>, error: unknown, fieldOf: (path: string) => string = (p) => p): PageOptions {
  if (!(error instanceof HttpProblem) && (error as Error).name !== 'ZodError') throw error;
  if (error instanceof HttpProblem) return { state: { form, values, errors: {}, problem: { title: error.title, text: error.text } }, status: error.status };
  const issues = (error as z.ZodError).issues;
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[fieldOf(String(issue.path[0] ?? 'actie'))] ??= issue.message;
  return { state: { form, values, errors }, status: 400 };
}

/** How a page is shown: after an action (a notice), or again after a failed form (its state, a 4xx). */
export interface PageOptions {
  notice?: string;
  state?: FormState;
  status?: number;
}

/**
 * A dashboard request: signed in, this municipality, a deliverable id that can exist (before any
 * store call), an opened cycle; with the cycle and the directory it read.
 */
export async function open(deps: Deps, event: HttpEvent) {
  const s = await sessionCycle(event, deps.config);
  const instanceId = event.pathParameters?.instance;
  if (instanceId !== undefined) checkInstanceId(s.year, instanceId);
  const [cycle, directory] = await Promise.all([deps.store.cycles.get(s.tenant, s.year), deps.store.tenants.directory(s.tenant)]);
  if (!cycle) throw new HttpProblem(404, 'Geen cyclus gevonden', `Er is voor ${s.year} nog geen cyclus geopend voor deze gemeente. Kies een ander jaar op /beheer.`);
  const ctx: DashboardContext = {
    tenant: s.tenant,
    tenantName: directory.tenant?.name ?? s.tenant,
    year: s.year,
    formToken: s.formToken,
    signedInAs: s.principal.name ?? s.principal.subject,
    path: event.rawPath,
  };
  return { ctx, steering: { tenant: s.tenant, year: s.year, principal: s.principal }, sessionToken: s.sessionToken, cycle, directory };
}

export type Opened = Awaited<ReturnType<typeof open>>;
/** The opened request as the page at `path`: a failed form is shown again on its own page. */
export const at = (o: Opened, path: string): Opened => ({ ...o, ctx: { ...o.ctx, path } });

/** A posted dashboard form: signed in, this municipality, the session's form token; its fields. */
export async function openForm(deps: Deps, event: HttpEvent) {
  const opened = await open(deps, event);
  const params = formBody(event);
  checkFormToken(opened.sessionToken, params.get('formulier'));
  return { ...opened, values: Object.fromEntries(params) as Record<string, string> };
}

export const shown = (event: HttpEvent): PageOptions => {
  const notice = Object.hasOwn(notices, event.queryStringParameters?.gedaan ?? '') ? notices[event.queryStringParameters!.gedaan!] : undefined;
  // The only part taken from the address: next year, from the (checked) year of the page.
  const year = Number(event.pathParameters?.year);
  return notice ? { notice: notice.replaceAll('{volgend}', Number.isInteger(year) ? String(year + 1) : 'van volgend jaar') } : {};
};
