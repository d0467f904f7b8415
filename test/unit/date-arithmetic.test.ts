import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, isoDate, lastDayOfMonth, localDate, parseIsoDate } from '../../functions/core/time.js';

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

  it('refuses text that is no date', () => {
    for (const bad of ['2027-02-29', '2027-13-01', '2027-1-01', '27-01-01', '2027-01-01T00:00', '']) expect(() => parseIsoDate(bad)).toThrow(RangeError);
  });
});
