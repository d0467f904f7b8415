import { z } from 'zod';
import type { Uses } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { yearCalendars } from '../services/calendars.js';
import { CALENDAR_INSTANCE, calendarLink, partyLink } from '../services/links.js';
import { sendOnce } from '../services/send-once.js';
import { calendarMail } from '../views/emails.js';

/**
 * Lambda task `SendCalendars` of workflows/cycle.asl.json: every active contact gets the year's
 * calendar of its party as an ICS attachment and a personal subscription link that stays current.
 * Claimed per contact before sending, like every notice, so a retry mails nobody twice.
 */
export function createSendCalendarsHandler(deps: Uses<'store' | 'mailer' | 'linkKeys' | 'clock', 'publicBaseUrl'>) {
  const input = z.object({ tenantId: z.string(), year: z.number().int() });
  return async (event: unknown): Promise<{ sent: number }> => {
    const { tenantId, year } = input.parse(event);
    const { contacts, parties } = await deps.store.tenants.directory(tenantId);
    // The year is read once; each party's calendar is made once, for all its contacts.
    const calendars = await yearCalendars(deps, tenantId, year);
    const icsOf = new Map<string, string>();
    const partyCalendar = (partyId: string) => {
      let ics = icsOf.get(partyId);
      if (ics === undefined) icsOf.set(partyId, (ics = calendars(partyId)));
      return ics;
    };
    let sent = 0;
    let pending = 0;
    for (const contact of contacts.filter((c) => c.active)) {
      const outcome = await sendOnce(deps, { tenantId, year, instanceId: CALENDAR_INSTANCE, slotId: 'jaarkalender' }, contact, async () =>
        calendarMail({
          to: contact.email,
          contactName: contact.name,
          partyName: parties.find((p) => p.partyId === contact.partyId)?.name ?? contact.partyId,
          year,
          link: (await calendarLink(deps, tenantId, year, contact)).url,
          ics: partyCalendar(contact.partyId),
          partyLink: await partyLink(deps, tenantId, year, contact),
        }),
      );
      if (outcome === 'sent') sent++;
      if (outcome === 'deferred' || outcome === 'throttled' || outcome === 'in-flight') pending++;
    }
    // Those sent stay claimed; the task's retry sends the rest.
    if (pending > 0) throw Object.assign(new Error(`${pending} calendars not sent yet`), { name: 'CalendarsDeferred' });
    logger.info('calendars sent', { code: 'CALENDARS', tenantId, year, sent });
    return { sent };
  };
}
