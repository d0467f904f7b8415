import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { calendarMail, yearCalendars } from '../services/calendars.js';
import { CALENDAR_INSTANCE } from '../services/links.js';

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
