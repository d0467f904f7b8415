import type { Uses } from '../adapters/deps.js';
import { verifyLinkToken } from '../core/link-token.js';
import { fileResponse, HttpProblem, htmlResponse, httpHandler } from '../http/handler.js';
import { yearCalendars } from '../services/calendars.js';
import { CALENDAR_INSTANCE } from '../services/links.js';
import { linkProblemPage } from '../views/link-pages.js';

/** GET /agenda/{token}: the party's calendar feed, current at every fetch. GET changes nothing. */
export function createCalendarFeedHandler(deps: Uses<'store' | 'linkKeys' | 'clock'>) {
  return httpHandler(async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      throw new HttpProblem(405, 'Deze actie kan hier niet', 'Een agenda-abonnement kan alleen worden opgehaald.');
    }
    const token = event.pathParameters?.token ?? '';
    const check = await verifyLinkToken(token, deps.linkKeys, deps.clock.now());
    if (!check.ok) return htmlResponse(linkProblemPage(check.problem));
    const c = check.claims;
    if (c.purpose !== 'calendar' || c.instance !== CALENDAR_INSTANCE) return htmlResponse(linkProblemPage('not-found'));
    const link = await deps.store.links.get(c.tenant, c.cycle, CALENDAR_INSTANCE, c.link);
    if (!link || link.partyId !== c.party || link.contactId !== c.contact) return htmlResponse(linkProblemPage('not-found'));
    if (link.revokedAt) return htmlResponse(linkProblemPage('revoked'));
    const ics = (await yearCalendars(deps, c.tenant, c.cycle))(c.party);
    return fileResponse('text/calendar; charset=utf-8', 'inline', `prestatieafspraken-${c.cycle}.ics`, ics);
  }, 'html');
}
