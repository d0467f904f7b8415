import { z } from 'zod';
import extraDaysFile from '../../workflows/cycles/atw-extra-days.json' with { type: 'json' };
import { addDays, isoDate, localDate, parseIsoDate, type LocalDate } from './time.js';

/**
 * The general holidays of the Algemene termijnenwet (art. 3, and the Besluit that adds Goede Vrijdag
 * and 5 mei every year): the days a statutory term may not end on. Decided here explicitly, since
 * holiday libraries type Goede Vrijdag and 5 mei as optional. First Easter and Whit Sunday are
 * Sundays anyway. Days decreed per year on top of these (art. 3 lid 2) come from
 * workflows/cycles/atw-extra-days.json, see `atwExtraDays`.
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

const extraDaysSchema = z.object({
  days: z.array(
    z.object({
      date: z.string().refine((s) => {
        try {
          return isoDate(parseIsoDate(s)) === s;
        } catch {
          return false;
        }
      }, 'moet een bestaande datum JJJJ-MM-DD zijn'),
      reason: z.string().min(3),
      source: z.string().min(3).optional(),
    }),
  ),
});

/**
 * Reads workflows/cycles/atw-extra-days.json: the days decreed per year that the Atw treats as
 * holidays (art. 3 lid 2), e.g. the Friday after Hemelvaart. A data file, so a new decree needs no
 * code; imported as JSON, so esbuild inlines it in every Lambda bundle that plans deadlines.
 */
export function parseExtraDays(data: unknown): { date: LocalDate; reason: string }[] {
  const parsed = extraDaysSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`workflows/cycles/atw-extra-days.json is ongeldig: ${problems}`);
  }
  return parsed.data.days.map((d) => ({ date: parseIsoDate(d.date), reason: d.reason }));
}

const extraDays = parseExtraDays(extraDaysFile);

/** The days decreed for a year on top of the general holidays (none in most years). */
export function atwExtraDays(year: number): { date: LocalDate; reason: string }[] {
  return extraDays.filter((d) => d.date.year === year);
}

const cache = new Map<number, Set<string>>();
const key = (d: LocalDate) => `${d.month}-${d.day}`;

/** A general holiday of the Atw, or a day decreed equal to one. */
export function isAtwHoliday(d: LocalDate): boolean {
  let set = cache.get(d.year);
  if (!set) {
    set = new Set([...atwHolidays(d.year), ...atwExtraDays(d.year)].map((h) => key(h.date)));
    cache.set(d.year, set);
  }
  return set.has(key(d));
}

export function isWorkingDay(d: LocalDate): boolean {
  const w = weekday(d);
  return w !== 0 && w !== 6 && !isAtwHoliday(d);
}

export type BusinessDayPolicy = 'none' | 'next-working-day';

/** The nearest working day from `d` in a direction (+1 later, −1 earlier), `d` itself when it is one. */
export function nearestWorkingDay(d: LocalDate, direction: 1 | -1): LocalDate {
  let day = d;
  while (!isWorkingDay(day)) day = addDays(day, direction);
  return day;
}

/** Applies a deliverable's business-day policy to its last day. */
export function applyBusinessDays(d: LocalDate, policy: BusinessDayPolicy): LocalDate {
  return policy === 'none' ? d : nearestWorkingDay(d, 1);
}

/**
 * "binnen 10 werkdagen na …": the n-th working day after `d` (before it for negative n), counting
 * neither Saturdays, Sundays nor Atw holidays. The day itself does not count; 0 gives `d`.
 */
export function addWorkingDays(d: LocalDate, n: number): LocalDate {
  const step = n < 0 ? -1 : 1;
  let day = d;
  for (let left = Math.abs(n); left > 0; ) {
    day = addDays(day, step);
    if (isWorkingDay(day)) left--;
  }
  return day;
}
