import { DateTime } from 'luxon';

/** Every date in prestatieafspraken is a local date in the Netherlands. */
export const ZONE = 'Europe/Amsterdam';

/** A calendar date without a time, as the agreements write it ("vóór 1 maart"). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** `HH:mm` local time of day, e.g. `09:00`. */
export type TimeOfDay = `${number}:${number}`;

export function localDate(year: number, month: number, day: number): LocalDate {
  const dt = DateTime.fromObject({ year, month, day }, { zone: ZONE });
  if (!dt.isValid) throw new RangeError(`invalid date ${year}-${month}-${day}`);
  return { year, month, day };
}

export function isoDate(d: LocalDate): string {
  return DateTime.fromObject(d, { zone: ZONE }).toISODate()!;
}

export function parseIsoDate(s: string): LocalDate {
  const dt = DateTime.fromISO(s, { zone: ZONE });
  if (!dt.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new RangeError(`invalid date ${s}`);
  return { year: dt.year, month: dt.month, day: dt.day };
}

export function addDays(d: LocalDate, days: number): LocalDate {
  const dt = DateTime.fromObject(d, { zone: ZONE }).plus({ days });
  return { year: dt.year, month: dt.month, day: dt.day };
}

/**
 * "binnen een maand na …": the same day n calendar months on, or the month's last day when it has
 * no such day (31 January + 1 month = 28 or 29 February), as the civil code counts months.
 */
export function addMonths(d: LocalDate, months: number): LocalDate {
  const dt = DateTime.fromObject(d, { zone: ZONE }).plus({ months });
  return { year: dt.year, month: dt.month, day: dt.day };
}

/** The last day of a month ("eind februari": 28 or 29 February). */
export function lastDayOfMonth(year: number, month: number): LocalDate {
  return { year, month, day: DateTime.fromObject({ year, month }, { zone: ZONE }).daysInMonth! };
}

/**
 * The UTC instant of a wall-clock time on a local date. Built from the parts in the zone itself,
 * never from a bare Date plus a zone name, so the hour does not shift when the process runs in UTC.
 */
export function instantAt(d: LocalDate, time: TimeOfDay): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return DateTime.fromObject({ ...d, hour, minute }, { zone: ZONE }).toUTC().toJSDate();
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(DateTime.fromObject(to, { zone: ZONE }).diff(DateTime.fromObject(from, { zone: ZONE }), 'days').days);
}

/** The first instant of a local date (00:00 in Amsterdam). */
export function startOfDay(d: LocalDate): Date {
  return instantAt(d, '00:00');
}

/** The local date an instant falls on in Amsterdam. */
export function localDateOf(instant: Date): LocalDate {
  const dt = DateTime.fromJSDate(instant, { zone: ZONE });
  return { year: dt.year, month: dt.month, day: dt.day };
}

export const dutchMonths = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

const longDate = new Intl.DateTimeFormat('nl-NL', {
  timeZone: ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const dateTime = new Intl.DateTimeFormat('nl-NL', {
  timeZone: ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "zondag 28 februari 2027". */
export function dutchDate(d: LocalDate): string {
  return longDate.format(instantAt(d, '12:00'));
}

/** "28 februari 2027 om 09:00" in Amsterdam time. */
export function dutchDateTime(instant: Date): string {
  return dateTime.format(instant);
}
