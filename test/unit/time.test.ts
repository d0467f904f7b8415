import { describe, expect, it } from 'vitest';
import { addDays, dutchDate, dutchDateTime, instantAt, localDate, localDateOf } from '../../functions/core/time.js';

describe('local time in Europe/Amsterdam', () => {
  it('puts 09:00 at 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(instantAt(localDate(2027, 1, 31), '09:00').toISOString()).toBe('2027-01-31T08:00:00.000Z');
    expect(instantAt(localDate(2027, 6, 30), '09:00').toISOString()).toBe('2027-06-30T07:00:00.000Z');
  });

  it('handles the days of both daylight-saving changes (28 March and 31 October 2027)', () => {
    expect(instantAt(localDate(2027, 3, 28), '09:00').toISOString()).toBe('2027-03-28T07:00:00.000Z');
    expect(instantAt(localDate(2027, 3, 27), '09:00').toISOString()).toBe('2027-03-27T08:00:00.000Z');
    expect(instantAt(localDate(2027, 10, 31), '09:00').toISOString()).toBe('2027-10-31T08:00:00.000Z');
    expect(instantAt(localDate(2027, 10, 30), '09:00').toISOString()).toBe('2027-10-30T07:00:00.000Z');
  });

  it('counts calendar days, not 24-hour blocks, across a change', () => {
    expect(addDays(localDate(2027, 3, 27), 1)).toEqual({ year: 2027, month: 3, day: 28 });
    expect(addDays(localDate(2028, 2, 28), 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays(localDate(2027, 2, 28), 1)).toEqual({ year: 2027, month: 3, day: 1 });
  });

  it('rejects dates that do not exist', () => {
    expect(() => localDate(2027, 2, 29)).toThrow(RangeError);
    expect(localDate(2028, 2, 29)).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('finds the local date of an instant near midnight', () => {
    expect(localDateOf(new Date('2027-02-28T23:30:00Z'))).toEqual({ year: 2027, month: 3, day: 1 });
    expect(localDateOf(new Date('2027-06-30T21:59:00Z'))).toEqual({ year: 2027, month: 6, day: 30 });
  });

  it('writes dates in Dutch', () => {
    expect(dutchDate(localDate(2027, 2, 28))).toBe('zondag 28 februari 2027');
    expect(dutchDateTime(new Date('2027-03-28T07:00:00Z'))).toBe('28 maart 2027 om 09:00');
  });
});
