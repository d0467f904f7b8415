import type { Deps } from '../adapters/deps.js';
import { cycleIcs } from '../core/ics.js';
import type { Contact, InstanceRecords } from '../core/model.js';
import { html } from '../views/html.js';
import { calendarLink } from './links.js';

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


export async function calendarMail(deps: Deps, tenantId: string, year: number, contact: Contact, partyName: string, ics: string) {
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
