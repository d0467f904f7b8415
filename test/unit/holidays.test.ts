import { describe, expect, it } from 'vitest';
import { applyBusinessDays, atwHolidays, easterSunday, isWorkingDay } from '../../functions/core/holidays.js';
import { isoDate, localDate } from '../../functions/core/time.js';

describe('Atw holidays', () => {
  it('finds Easter Sunday for known years', () => {
    const known: Record<number, string> = {
      2019: '2019-04-21', 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05',
      2027: '2027-03-28', 2028: '2028-04-16', 2038: '2038-04-25', 2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(known)) expect(isoDate(easterSunday(Number(year)))).toBe(date);
  });

  it('lists the nine days of 2027, Goede Vrijdag and 5 mei included', () => {
    expect(atwHolidays(2027).map((h) => `${isoDate(h.date)} ${h.name}`)).toEqual([
      '2027-01-01 Nieuwjaarsdag',
      '2027-03-26 Goede Vrijdag',
      '2027-03-29 Tweede Paasdag',
      '2027-04-27 Koningsdag',
      '2027-05-05 Bevrijdingsdag',
      '2027-05-06 Hemelvaartsdag',
      '2027-05-17 Tweede Pinksterdag',
      '2027-12-25 Eerste Kerstdag',
      '2027-12-26 Tweede Kerstdag',
    ]);
  });

  it('moves Koningsdag to 26 April when 27 April is a Sunday (2025, 2031)', () => {
    expect(atwHolidays(2025).find((h) => h.name === 'Koningsdag')!.date).toEqual(localDate(2025, 4, 26));
    expect(atwHolidays(2031).find((h) => h.name === 'Koningsdag')!.date).toEqual(localDate(2031, 4, 26));
    expect(atwHolidays(2026).find((h) => h.name === 'Koningsdag')!.date).toEqual(localDate(2026, 4, 27));
  });
});

describe('the business-day policy', () => {
  it('leaves a contractual date alone', () => {
    expect(applyBusinessDays(localDate(2027, 2, 28), 'none')).toEqual(localDate(2027, 2, 28));
  });

  it('moves a deadline on a weekend or holiday to the next working day', () => {
    expect(applyBusinessDays(localDate(2027, 2, 28), 'next-working-day')).toEqual(localDate(2027, 3, 1)); // Sunday
    expect(applyBusinessDays(localDate(2027, 3, 26), 'next-working-day')).toEqual(localDate(2027, 3, 30)); // Goede Vrijdag → weekend → Tweede Paasdag
    expect(applyBusinessDays(localDate(2027, 12, 25), 'next-working-day')).toEqual(localDate(2027, 12, 27));
    expect(applyBusinessDays(localDate(2026, 6, 30), 'next-working-day')).toEqual(localDate(2026, 6, 30));
    expect(isWorkingDay(localDate(2027, 5, 5))).toBe(false);
  });
});
