import { ICalCalendar, ICalAlarmType } from 'ical-generator';
import { kindLabel } from './model.js';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { slotsOfPlanned, type PlannedInstance } from './calendar.js';
import { addDays, parseIsoDate, isoDate, ZONE } from './time.js';

export interface IcsOptions {
  /** The calendar's name, e.g. "Prestatieafspraken Leusden 2027 — HLVE". */
  name: string;
  templateId: string;
  year: number;
  /** Party names by id, for the event texts. */
  partyNames: Record<string, string>;
  /** A URL per instance for the event (the party's signed link), if any. */
  linkFor?: (instance: PlannedInstance) => string | undefined;
  /**
   * Every event's DTSTAMP. The library would take the wall clock, so the same year would never give
   * the same bytes twice; callers pass their clock's time (or a stamp derived from their input).
   */
  stamp: Date;
}

function vtimezone(tz: string): string | null {
  const block = tzlib_get_ical_block(tz)[0];
  if (!block) return null;
  return block.replace(/^TZID:.*$/m, `TZID:${tz}`).replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${tz}`);
}


/**
 * An iCalendar file of a cycle year: every deadline as an all-day event with an alarm at each
 * reminder (absolute UTC triggers, so they are right on both sides of a daylight-saving change),
 * and every meeting with a date at its time in Europe/Amsterdam, with the zone's VTIMEZONE.
 * UIDs are stable, so a subscribed calendar updates events instead of duplicating them.
 */
export function cycleIcs(instances: PlannedInstance[], options: IcsOptions): string {
  const cal = new ICalCalendar({ name: options.name, prodId: { company: 'prestatiecyclus', product: 'cyclus', language: 'NL' } });
  // No calendar-wide zone (that would write alarm triggers as local times); each timed event names
  // Europe/Amsterdam and gets its VTIMEZONE. The library files Amsterdam under its tzdata link
  // Europe/Brussels (the same rules since 1970): the block is renamed so TZID matches the events.
  cal.timezone({ name: null, generator: vtimezone });
  const uid = (id: string) => `${options.templateId}-${options.year}-${id}@prestatiecyclus`;
  const meetings = new Map<string, NonNullable<PlannedInstance['meeting']>>();

  for (const instance of instances) {
    if (instance.meeting?.date) meetings.set(instance.meeting.id, instance.meeting);
    if (instance.timing.state !== 'dated') continue;
    const day = parseIsoDate(instance.timing.lastDay);
    const who = options.partyNames[instance.responsible] ?? instance.responsible;
    const link = options.linkFor?.(instance);
    const event = cal.createEvent({
      id: uid(instance.instanceId),
      allDay: true,
      start: isoDate(day),
      end: isoDate(addDays(day, 1)),
      summary: `Uiterlijk vandaag: ${instance.title} (${who})`,
      description: [
        `${kindLabel[instance.kind]} van ${who}.`,
        instance.description,
        `Afspraak: ${[...new Set(instance.clauses.map((c) => c.clause))].join(', ')}.`,
        link ? `Indienen: ${link}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
      url: link ?? null,
      stamp: options.stamp,
    });
    for (const slot of slotsOfPlanned(instance).filter((s) => s.kind === 'reminder')) {
      event.createAlarm({ type: ICalAlarmType.display, trigger: slot.at, description: `Herinnering: ${instance.title}` });
    }
  }

  for (const meeting of [...meetings.values()].sort((a, b) => a.date!.localeCompare(b.date!))) {
    const date = meeting.date!;
    if (date.length > 10) {
      const start = DateTime.fromISO(date, { zone: ZONE });
      cal.createEvent({
        id: uid(`vergadering-${meeting.id}`),
        start,
        end: start.plus({ hours: 2 }),
        timezone: ZONE,
        summary: meeting.title,
        stamp: options.stamp,
      });
    } else {
      cal.createEvent({ id: uid(`vergadering-${meeting.id}`), allDay: true, start: date, end: isoDate(addDays(parseIsoDate(date), 1)), summary: meeting.title, stamp: options.stamp });
    }
  }
  return cal.toString();
}
