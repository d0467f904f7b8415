import { addDays, localDate, type LocalDate } from './time.js';

/**
 * The general holidays of the Algemene termijnenwet (art. 3, and the Besluit that adds Goede Vrijdag
 * and 5 mei every year): the days a statutory term may not end on. Decided here explicitly, since
 * holiday libraries type Goede Vrijdag and 5 mei as optional. First Easter and Whit Sunday are
 * Sundays anyway.
 */
export type AtwHoliday =
  | 'Nieuwjaarsdag'
  | 'Goede Vrijdag'
  | 'Tweede Paasdag'
  | 'Koningsdag'
  | 'Bevrijdingsdag'
  | 'Hemelvaartsdag'
  | 'Tweede Pinksterdag'
  | 'Eerste Kerstdag'
  | 'Tweede Kerstdag';

/** Easter Sunday (Gregorian), by the anonymous Meeus/Jones/Butcher algorithm. */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return localDate(year, month, day);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekday(d: LocalDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

export function atwHolidays(year: number): { date: LocalDate; name: AtwHoliday }[] {
  const easter = easterSunday(year);
  const kingsDay = localDate(year, 4, 27);
  return [
    { date: localDate(year, 1, 1), name: 'Nieuwjaarsdag' },
    { date: addDays(easter, -2), name: 'Goede Vrijdag' },
    { date: addDays(easter, 1), name: 'Tweede Paasdag' },
    // Koningsdag moves to 26 April when 27 April is a Sunday.
    { date: weekday(kingsDay) === 0 ? localDate(year, 4, 26) : kingsDay, name: 'Koningsdag' },
    { date: localDate(year, 5, 5), name: 'Bevrijdingsdag' },
    { date: addDays(easter, 39), name: 'Hemelvaartsdag' },
    { date: addDays(easter, 50), name: 'Tweede Pinksterdag' },
    { date: localDate(year, 12, 25), name: 'Eerste Kerstdag' },
    { date: localDate(year, 12, 26), name: 'Tweede Kerstdag' },
  ].sort((x, y) => x.date.month - y.date.month || x.date.day - y.date.day) as { date: LocalDate; name: AtwHoliday }[];
}

const cache = new Map<number, Set<string>>();
const key = (d: LocalDate) => `${d.month}-${d.day}`;

export function isAtwHoliday(d: LocalDate): boolean {
  let set = cache.get(d.year);
  if (!set) {
    set = new Set(atwHolidays(d.year).map((h) => key(h.date)));
    cache.set(d.year, set);
  }
  return set.has(key(d));
}

export function isWorkingDay(d: LocalDate): boolean {
  const w = weekday(d);
  return w !== 0 && w !== 6 && !isAtwHoliday(d);
}

export type BusinessDayPolicy = 'none' | 'next-working-day';

/** Applies a deliverable's business-day policy to its last day. */
export function applyBusinessDays(d: LocalDate, policy: BusinessDayPolicy): LocalDate {
  if (policy === 'none') return d;
  let day = d;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}
