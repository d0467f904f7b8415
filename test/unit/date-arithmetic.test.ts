import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, instantAt, isoDate, lastDayOfMonth, localDate, localDateOf, parseIsoDate, type TimeOfDay } from '../../functions/core/time.js';

/** Calendar arithmetic without a time zone must give what the zone-aware library gives in Amsterdam. */
const zoned = (d: { year: number; month: number; day: number }) => DateTime.fromObject(d, { zone: 'Europe/Amsterdam' });
const dates = fc.record({ year: fc.integer({ min: 2000, max: 2200 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) });

describe('date arithmetic on local dates', () => {
  it('accepts exactly the dates that exist, and round-trips them through ISO text', () => {
    fc.assert(
      fc.property(dates, (d) => {
        const exists = zoned(d).isValid;
        if (!exists) {
          expect(() => localDate(d.year, d.month, d.day)).toThrow(RangeError);
          return;
        }
        const date = localDate(d.year, d.month, d.day);
        expect(isoDate(date)).toBe(zoned(d).toISODate());
        expect(parseIsoDate(isoDate(date))).toEqual(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('adds days and months, counts days and finds the month end as the calendar in Amsterdam does (DST and leap years included)', () => {
    fc.assert(
      fc.property(dates.filter((d) => zoned(d).isValid), fc.integer({ min: -800, max: 800 }), fc.integer({ min: -30, max: 30 }), (d, days, months) => {
        expect(isoDate(addDays(d, days))).toBe(zoned(d).plus({ days }).toISODate());
        expect(isoDate(addMonths(d, months))).toBe(zoned(d).plus({ months }).toISODate());
        expect(daysBetween(d, addDays(d, days))).toBe(days);
        expect(lastDayOfMonth(d.year, d.month).day).toBe(zoned(d).daysInMonth);
      }),
      { numRuns: 2000 },
    );
  });

  it('turns dates and times into instants and back as luxon does in Amsterdam, asked once or again (kept answers)', () => {
    // Around both changes of every year, and anywhere in two centuries.
    const nearChange = fc.record({ year: fc.integer({ min: 2000, max: 2200 }), month: fc.constantFrom(3, 10), day: fc.integer({ min: 24, max: 31 }) });
    const instants = fc.oneof(
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2200, 0, 1) }),
      nearChange.chain((d) => fc.integer({ min: Date.UTC(d.year, d.month - 1, d.day) - 3 * 3_600_000, max: Date.UTC(d.year, d.month - 1, d.day) + 3 * 3_600_000 })),
    );
    fc.assert(
      fc.property(instants, fc.boolean(), (ms, twice) => {
        const at = new Date(ms);
        if (twice) localDateOf(at);
        expect(isoDate(localDateOf(at))).toBe(DateTime.fromMillis(ms, { zone: 'Europe/Amsterdam' }).toISODate());
      }),
      { numRuns: 3000 },
    );
    const times = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}` as TimeOfDay);
    fc.assert(
      fc.property(fc.oneof(dates, nearChange).filter((d) => zoned(d).isValid), times, fc.boolean(), (d, time, twice) => {
        if (twice) instantAt(d, time).setTime(0); // a caller changing the Date it got changes no kept answer
        const [hour, minute] = time.split(':').map(Number);
        expect(instantAt(d, time).getTime()).toBe(DateTime.fromObject({ ...d, hour, minute }, { zone: 'Europe/Amsterdam' }).toMillis());
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses text that is no date', () => {
    for (const bad of ['2027-02-29', '2027-13-01', '2027-1-01', '27-01-01', '2027-01-01T00:00', '']) expect(() => parseIsoDate(bad)).toThrow(RangeError);
  });
});
