import { describe, expect, it } from 'vitest';
import { planYear } from '../../functions/core/calendar.js';
import { ruleText } from '../../functions/core/rule-text.js';
import { after, deliverable, events, lastDayOf, lastDays, problems, template } from './rules.js';

describe('working days: "binnen 10 werkdagen na …"', () => {
  it('skips weekends and the Easter days, early Easter and late', () => {
    // 2027: Goede Vrijdag 26 March, Tweede Paasdag 29 March.
    expect(after({ workingDays: 10 }, '2027-03-25')).toBe('2027-04-12');
    // 2035, Easter on 25 March: Goede Vrijdag 23 and Tweede Paasdag 26 March.
    expect(after({ workingDays: 1 }, '2035-03-22')).toBe('2035-03-27');
    // 2038, Easter on 25 April: Goede Vrijdag, the weekend, Tweede Paasdag and Koningsdag in a row.
    expect(after({ workingDays: 1 }, '2038-04-22')).toBe('2038-04-28');
  });

  it('knows Koningsdag moves to Saturday 26 April when 27 April is a Sunday (2025), and no day is added', () => {
    expect(after({ workingDays: 1 }, '2025-04-25')).toBe('2025-04-28');
    expect(after({ workingDays: 1 }, '2026-04-24')).toBe('2026-04-28'); // Koningsdag on Monday 27 April 2026
  });

  it('gives no extra day when Kerst falls on a weekend, and crosses Nieuwjaarsdag', () => {
    expect(after({ workingDays: 1 }, '2027-12-24')).toBe('2027-12-27'); // 25 and 26 December 2027: Saturday, Sunday
    expect(after({ workingDays: 1 }, '2022-12-23')).toBe('2022-12-27'); // Sunday 25, Monday 26 December 2022
    expect(after({ workingDays: 6 }, '2027-12-24')).toBe('2028-01-03'); // 1 January 2028 is a Saturday
  });

  it('skips a day decreed for the Atw in the data file: Friday 7 May 2027, after Hemelvaart', () => {
    expect(after({ workingDays: 1 }, '2027-05-04')).toBe('2027-05-10');
    expect(lastDayOf({ rule: 'fixed', month: 5, day: 7, inclusive: true }, 2027, {}, { businessDays: 'next-working-day' })).toBe('2027-05-10');
  });

  it('counts recurring terms in working days after the period', () => {
    const t = template([deliverable('k', { rule: 'recurring', period: 'kwartaal', workingDaysAfterEnd: 10 })], { periods: [{ id: 'kwartaal', title: 'Kwartaal', startMonths: [1, 4, 7, 10] }] });
    expect(lastDays(t, 2027)).toMatchObject({ 'k-kwartaal-1': '2027-04-14', 'k-kwartaal-4': '2028-01-14' });
  });
});

describe('calendar months: "binnen een maand / drie maanden na …"', () => {
  it('ends on the same day of the month, or the last day when the month is shorter', () => {
    expect(after({ months: 1 }, '2027-01-31')).toBe('2027-02-28');
    expect(after({ months: 1 }, '2028-01-31')).toBe('2028-02-29');
    expect(after({ months: 3 }, '2027-11-30')).toBe('2028-02-29');
    expect(after({ months: 1 }, '2027-03-31')).toBe('2027-04-30');
    expect(after({ months: 1 }, '2100-01-31')).toBe('2100-02-28'); // 2100 is no leap year
    expect(after({ months: 3 }, '2027-04-15')).toBe('2027-07-15');
  });

  it('counts months after a period end', () => {
    const t = template([deliverable('j', { rule: 'recurring', period: 'jaar', monthsAfterEnd: 2 })], { periods: [{ id: 'jaar', title: 'Jaar', startMonths: [1] }] });
    expect(lastDays(t, 2027)).toEqual({ 'j-jaar-1': '2028-02-29' });
  });
});

describe('both daylight-saving changes', () => {
  const lateFrom = (due: object, date: string) => {
    const [i] = planYear(template([deliverable('x', { rule: 'relative', event: 'besluit', ...due })], { events }), 2027, { eventDates: { besluit: date } });
    return i?.timing.state === 'dated' ? [i.timing.lastDay, i.timing.lateFrom] : [];
  };

  it('puts the first late instant at local midnight, summer time and winter time', () => {
    expect(lateFrom({ days: 3 }, '2027-03-25')).toEqual(['2027-03-28', '2027-03-28T22:00:00.000Z']); // the spring change
    expect(lateFrom({ months: 1 }, '2027-02-28')).toEqual(['2027-03-28', '2027-03-28T22:00:00.000Z']);
    expect(lateFrom({ workingDays: 1 }, '2027-10-29')).toEqual(['2027-11-01', '2027-11-01T23:00:00.000Z']); // across the autumn change
  });
});

describe('end of month: "uiterlijk eind februari"', () => {
  const februari = (inclusive: boolean, year: number) => lastDayOf({ rule: 'fixed', month: 2, day: 'last', inclusive }, year);

  it('is the last day of February in every year, leap or not', () => {
    expect(februari(true, 2027)).toBe('2027-02-28');
    expect(februari(true, 2028)).toBe('2028-02-29');
    expect(februari(false, 2028)).toBe('2028-02-28');
    expect(lastDayOf({ rule: 'fixed', month: 6, day: 'last', inclusive: true, yearOffset: -1 }, 2027)).toBe('2026-06-30');
  });

  it('reads "uiterlijk eind februari" and "vóór 1 maart" in Dutch', () => {
    const t = template([deliverable('a', { rule: 'fixed', month: 2, day: 'last', inclusive: true }), deliverable('b', { rule: 'fixed', month: 3, day: 1, inclusive: false })]);
    expect(t.deliverables.map((d) => ruleText(d, t))).toEqual(['uiterlijk eind februari', 'vóór 1 maart']);
  });

  it('refuses 29 February as a yearly date, which crashed planning 2027 before', () => {
    expect(problems([deliverable('x', { rule: 'fixed', month: 2, day: 29, inclusive: true })])).toEqual([
      'deliverables.0.due.day: 29 februari bestaat niet in elk jaar; schrijf day: last voor de laatste dag van februari',
    ]);
    expect(problems([deliverable('x', { rule: 'fixed', month: 4, day: 31, inclusive: true })])).toEqual(['deliverables.0.due.day: die dag bestaat niet in die maand']);
    expect(problems([deliverable('x', { rule: 'open', window: { from: { month: 1, day: 1 }, to: { month: 2, day: 29 } }, note: 'ergens' })])[0]).toMatch(/^deliverables\.0\.due\.window\.to\.day: 29 februari bestaat niet in elk jaar; kies 28/);
    expect(problems([deliverable('x', { rule: 'fixed', month: 2, day: 1, inclusive: true })], { meetingsPlannedBy: { month: 2, day: 29 } })).toHaveLength(1);
  });

  it('keeps yearOffset to the year before and after', () => {
    expect(problems([deliverable('x', { rule: 'fixed', month: 2, day: 1, inclusive: true, yearOffset: 2 })])).toHaveLength(1);
  });
});

describe('repeat: every week, every month, every N weeks, with Dutch labels', () => {
  const plan = (due: object, year: number, extra: object = {}) => planYear(template([deliverable('r', { rule: 'repeat', ...due }, extra)]), year);

  it('makes one instance a month, "januari 2027", due on a day of the month or its last day', () => {
    const months = plan({ every: 'month', day: 15 }, 2027);
    expect(months.map((i) => i.instanceId)).toEqual(Array.from({ length: 12 }, (_, k) => `r-maand-${k + 1}`));
    expect(months[0]).toMatchObject({ title: 'Levering r (januari 2027)', period: { label: 'januari 2027', from: '2027-01-01', to: '2027-01-31' }, timing: { lastDay: '2027-01-15' } });
    const last = (year: number) => plan({ every: 'month', day: 'last' }, year).map((i) => (i.timing.state === 'dated' ? i.timing.lastDay : ''));
    expect(last(2027).slice(0, 4)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    expect(last(2028)[1]).toBe('2028-02-29');
  });

  it('makes one instance every ISO week, "week 14", on a weekday; 2026 has 53 weeks', () => {
    const weeks = plan({ every: 'week', weekday: 'vrijdag' }, 2027);
    expect(weeks).toHaveLength(52);
    expect(weeks.find((i) => i.instanceId === 'r-week-14')).toMatchObject({ title: 'Levering r (week 14 van 2027)', period: { label: 'week 14' }, timing: { lastDay: '2027-04-09' } });
    expect(weeks[0]!.timing).toMatchObject({ lastDay: '2027-01-08' });
    const w53 = plan({ every: 'week', weekday: 'vrijdag' }, 2026, { businessDays: 'next-working-day' }).at(-1)!;
    expect(w53).toMatchObject({ instanceId: 'r-week-53', timing: { lastDay: '2027-01-04', shiftedFrom: '2027-01-01' } });
  });

  it('repeats every N weeks or months, and terms after each one ends', () => {
    const fortnight = plan({ every: 'week', interval: 2, weekday: 'maandag' }, 2027);
    expect(fortnight).toHaveLength(26);
    expect(fortnight.slice(0, 2).map((i) => [i.instanceId, i.period?.label, i.timing.state === 'dated' && i.timing.lastDay])).toEqual([
      ['r-week-1', 'week 1–2', '2027-01-04'],
      ['r-week-3', 'week 3–4', '2027-01-18'],
    ]);
    expect(plan({ every: 'month', interval: 3, day: 1 }, 2027).map((i) => i.period?.label)).toEqual(['januari–maart 2027', 'april–juni 2027', 'juli–september 2027', 'oktober–december 2027']);
    const afterMonth = plan({ every: 'month', workingDaysAfterEnd: 10 }, 2027);
    expect([afterMonth[0], afterMonth[11]].map((i) => i!.timing.state === 'dated' && i!.timing.lastDay)).toEqual(['2027-02-12', '2028-01-14']);
  });

  it('speaks Dutch and refuses what does not exist every month', () => {
    const t = template([
      deliverable('a', { rule: 'repeat', every: 'month', day: 'last' }),
      deliverable('b', { rule: 'repeat', every: 'week', interval: 2, weekday: 'vrijdag' }),
      deliverable('c', { rule: 'repeat', every: 'month', workingDaysAfterEnd: 10 }),
    ]);
    expect(t.deliverables.map((d) => ruleText(d, t))).toEqual(['elke maand op de laatste dag', 'om de 2 weken op vrijdag', '10 werkdagen na het einde van elke maand']);
    expect(problems([deliverable('x', { rule: 'repeat', every: 'month', day: 31 })])).toEqual(['deliverables.0.due.day: de 31e bestaat niet in elke maand; schrijf day: last voor de laatste dag van de maand']);
    expect(problems([deliverable('x', { rule: 'repeat', every: 'week', day: 1 })])).toEqual(['deliverables.0.due.day: day hoort bij every: month; gebruik weekday bij every: week']);
    expect(problems([deliverable('x', { rule: 'repeat', every: 'month', day: 1, daysAfterEnd: 3 })])).toEqual(['deliverables.0.due: geef precies één van day, weekday, daysAfterEnd en workingDaysAfterEnd']);
  });
});
