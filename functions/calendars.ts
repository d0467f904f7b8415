import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from './adapters/deps.js';
import { logger } from './adapters/logger.js';
import { cycleIcs } from './core/ics.js';
import { verifyLinkToken } from './core/link-token.js';
import type { Contact, InstanceRecords } from './core/model.js';
import { html } from './views/html.js';
import { fileResponse, HttpProblem, htmlResponse, httpHandler } from './http.js';
import { CALENDAR_INSTANCE, calendarLink } from './links.js';
import { linkProblemPage } from './views/link-pages.js';

/**
 * The cycle year as calendars, read once: per party what it must deliver and what it is told of,
 * or, without a party, the whole year as the coordinator sees it.
 */
export async function yearCalendars(deps: Pick<Deps, 'store'>, tenantId: string, year: number, loaded?: InstanceRecords[]): Promise<(partyId?: string) => string> {
  const [records, directory, stored] = await Promise.all([
    loaded ?? deps.store.loadCycle(tenantId, year),
    deps.store.directory(tenantId),
    deps.store.getTemplate(tenantId),
  ]);
  const partyNames = Object.fromEntries(directory.parties.map((p) => [p.partyId, p.name]));
  return (partyId) =>
    cycleIcs(
      records.map((r) => r.instance).filter((i) => partyId === undefined || i.responsible === partyId || i.inform.includes(partyId)),
      {
        name: `Prestatieafspraken ${year} — ${partyId ? (partyNames[partyId] ?? partyId) : 'alle partijen'}`,
        templateId: stored?.template.id ?? 'cyclus',
        year,
        partyNames,
      },
    );
}


/**
 * Lambda task `SendCalendars` of workflows/cycle.asl.json: every active contact gets the year's
 * calendar of its party as an ICS attachment and a personal subscription link that stays current.
 * Claimed per contact before sending, like every notice, so a retry mails nobody twice.
 */
export function createSendCalendarsHandler(deps: Deps) {
  const input = z.object({ tenantId: z.string(), year: z.number().int() });
  return async (event: unknown): Promise<{ sent: number }> => {
    const { tenantId, year } = input.parse(event);
    const { contacts, parties } = await deps.store.directory(tenantId);
    // The year is read once; each party's calendar is made once, for all its contacts.
    const calendars = await yearCalendars(deps, tenantId, year);
    const icsOf = new Map<string, string>();
    const partyCalendar = (partyId: string) => {
      let ics = icsOf.get(partyId);
      if (ics === undefined) icsOf.set(partyId, (ics = calendars(partyId)));
      return ics;
    };
    let sent = 0;
    for (const contact of contacts.filter((c) => c.active)) {
      const claim = {
        instanceId: CALENDAR_INSTANCE,
        slotId: 'jaarkalender',
        contactId: contact.contactId,
        partyId: contact.partyId,
        state: 'sending' as const,
        attemptId: randomUUID(),
        claimedAt: deps.clock.now().toISOString(),
      };
      if (!(await deps.store.claimNotice(tenantId, year, claim))) continue;
      try {
        const partyName = parties.find((p) => p.partyId === contact.partyId)?.name ?? contact.partyId;
        const mail = await calendarMail(deps, tenantId, year, contact, partyName, partyCalendar(contact.partyId));
        const messageId = await deps.mailer.send({ ...mail, recipient: { tenantId, partyId: contact.partyId, contactId: contact.contactId } });
        await deps.store.markNoticeSent(tenantId, year, claim, deps.clock.now(), messageId);
        sent++;
      } catch (error) {
        await deps.store.releaseNotice(tenantId, year, claim);
        throw error;
      }
    }
    logger.info('calendars sent', { code: 'CALENDARS', tenantId, year, sent });
    return { sent };
  };
}

async function calendarMail(deps: Deps, tenantId: string, year: number, contact: Contact, partyName: string, ics: string) {
  const { url } = await calendarLink(deps, tenantId, year, contact);
  const subject = `Jaarkalender prestatieafspraken ${year} voor ${partyName}`;
  const text = [
    `Beste ${contact.name},`,
    '',
    `In de bijlage staan alle termijnen van ${year} voor ${partyName}: open het bestand om ze in uw agenda te zetten.`,
    'Wilt u dat uw agenda zelf bijwerkt als er iets verandert (een vergaderdatum, een verlenging)? Abonneer u dan in Outlook of Google Agenda op deze persoonlijke link:',
    url,
    '',
    'Deze link is persoonlijk: stuur de e-mail niet door.',
  ].join('\n');
  const body = html`<p>Beste ${contact.name},</p>
<p>In de bijlage staan alle termijnen van ${year} voor ${partyName}: open het bestand om ze in uw agenda te zetten.</p>
<p>Wilt u dat uw agenda zelf bijwerkt als er iets verandert (een vergaderdatum, een verlenging)? Abonneer u dan in Outlook of Google Agenda op deze persoonlijke link:<br>${url}</p>
<p style="color:#4a4a4a;font-size:14px">Deze link is persoonlijk: stuur de e-mail niet door.</p>`;
  return {
    to: contact.email,
    subject,
    text,
    html: `<!doctype html><html lang="nl"><head><meta charset="utf-8"></head><body style="font-family:Arial,sans-serif">${body.value}</body></html>`,
    attachments: [{ filename: `prestatieafspraken-${year}.ics`, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ics }],
  };
}

/** GET /agenda/{token}: the party's calendar feed, current at every fetch. GET changes nothing. */
export function createCalendarFeedHandler(deps: Deps) {
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
    const link = await deps.store.getLink(c.tenant, c.cycle, CALENDAR_INSTANCE, c.link);
    if (!link || link.partyId !== c.party || link.contactId !== c.contact) return htmlResponse(linkProblemPage('not-found'));
    if (link.revokedAt) return htmlResponse(linkProblemPage('revoked'));
    const ics = (await yearCalendars(deps, c.tenant, c.cycle))(c.party);
    return fileResponse('text/calendar; charset=utf-8', 'inline', `prestatieafspraken-${c.cycle}.ics`, ics);
  }, 'html');
}
