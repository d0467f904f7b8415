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

/*
 * Calendar arithmetic on local dates needs no time zone: a date is a day count, done here on UTC
 * midnights with plain Date arithmetic (fast, and the same in every zone). Only turning a date and a
 * time of day into an instant, or an instant into a date, goes through Amsterdam's zone (below).
 */
const DAY_MS = 86_400_000;
// setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
const utc = (d: LocalDate) => new Date(0).setUTCFullYear(d.year, d.month - 1, d.day);
const fromUtc = (ms: number): LocalDate => {
  const t = new Date(ms);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};
const daysIn = (year: number, month: number) => new Date(new Date(0).setUTCFullYear(year, month, 0)).getUTCDate();

export function localDate(year: number, month: number, day: number): LocalDate {
  const valid = [year, month, day].every(Number.isInteger) && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
  if (!valid) throw new RangeError(`invalid date ${year}-${month}-${day}`);
  return { year, month, day };
}

export function isoDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function parseIsoDate(s: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`invalid date ${s}`);
  try {
    return localDate(Number(m[1]), Number(m[2]), Number(m[3]));
  } catch {
    throw new RangeError(`invalid date ${s}`);
  }
}

export function addDays(d: LocalDate, days: number): LocalDate {
  return fromUtc(utc(d) + days * DAY_MS);
}

/**
 * "binnen een maand na …": the same day n calendar months on, or the month's last day when it has
 * no such day (31 January + 1 month = 28 or 29 February), as the civil code counts months.
 */
export function addMonths(d: LocalDate, months: number): LocalDate {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(d.day, daysIn(year, month)) };
}

/** The last day of a month ("eind februari": 28 or 29 February). */
export function lastDayOfMonth(year: number, month: number): LocalDate {
  return { year, month, day: daysIn(year, month) };
}

/**
 * The UTC instant of a wall-clock time on a local date. Built from the parts in the zone itself,
 * never from a bare Date plus a zone name, so the hour does not shift when the process runs in UTC.
 * Kept per date and time once luxon answered: a year's plan asks the same few hundred again and again.
 */
export function instantAt(d: LocalDate, time: TimeOfDay): Date {
  const key = `${d.year}-${d.month}-${d.day}T${time}`;
  let ms = instants.get(key);
  if (ms === undefined) {
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    ms = DateTime.fromObject({ ...d, hour, minute }, { zone: ZONE }).toUTC().toMillis();
    remember(instants, key, ms);
  }
  return new Date(ms);
}

/** What luxon answered, kept: instants per local date and time, Amsterdam's UTC offset (minutes) per UTC hour. */
const instants = new Map<string, number>();
const offsets = new Map<number, number>();
const KEPT = 50_000;
function remember<K>(map: Map<K, number>, key: K, value: number): void {
  if (map.size >= KEPT) map.clear();
  map.set(key, value);
}

/** Amsterdam's offset from UTC at an instant; it changes only on a whole UTC hour (01:00 UTC, since 1977). */
function offsetMinutes(ms: number): number {
  const hour = Math.floor(ms / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * 3_600_000, { zone: ZONE }).offset;
    remember(offsets, hour, offset);
  }
  return offset;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/** The first instant of a local date (00:00 in Amsterdam). */
export function startOfDay(d: LocalDate): Date {
  return instantAt(d, '00:00');
}

/** The local date an instant falls on in Amsterdam. */
export function localDateOf(instant: Date): LocalDate {
  const ms = instant.getTime();
  return fromUtc(ms + offsetMinutes(ms) * 60_000);
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
