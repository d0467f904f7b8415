import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { planYear, slotsOfPlanned } from '../../functions/core/calendar.js';
import { remindersSchema } from '../../functions/core/deliverable.js';
import { atwExtraDays, isWorkingDay, parseExtraDays } from '../../functions/core/holidays.js';
import { reminderSlots } from '../../functions/core/reminder-plan.js';
import { ruleText } from '../../functions/core/rule-text.js';
import { isoDate, localDate } from '../../functions/core/time.js';
import { deliverable, lastDays, parties, problems, template } from './rules.js';

const bod = deliverable('bod', { rule: 'fixed', month: 7, day: 1, inclusive: false }, { title: 'Bod van {partij}', description: '{Partij} brengt een bod uit.', responsible: { role: 'corporatie' }, inform: ['gemeente', 'huurders'] });

describe('one deliverable for every party of a role', () => {
  it('gives each corporatie its own bod, "<id>-<party>", titled with its short name', () => {
    const planned = planYear(template([bod]), 2027);
    expect(planned.map((i) => [i.instanceId, i.deliverableId, i.responsible, i.title, i.description, i.inform])).toEqual([
      ['bod-de-alliantie', 'bod-de-alliantie', 'de-alliantie', 'Bod van de Alliantie', 'De Alliantie brengt een bod uit.', ['gemeente', 'huurders']],
      ['bod-woonstede', 'bod-woonstede', 'woonstede', 'Bod van Woonstede', 'Woonstede brengt een bod uit.', ['gemeente', 'huurders']],
    ]);
  });

  it('lets every party send its jaarverslag to all the others, each counted from its own adoption', () => {
    const t = template([deliverable('jaarverslag', { rule: 'relative', event: 'vastgesteld', days: 7 }, { responsible: { role: 'all' }, inform: 'all-others' })], {
      events: [{ id: 'vastgesteld', title: 'Jaarverslag {partij} vastgesteld', recordedBy: { role: 'all' } }],
    });
    expect(t.events.map((e) => [e.id, e.title, e.recordedBy])).toContainEqual(['vastgesteld-woonstede', 'Jaarverslag Woonstede vastgesteld', 'woonstede']);
    const planned = planYear(t, 2027, { eventDates: { 'vastgesteld-woonstede': '2027-05-20' } });
    expect(Object.fromEntries(planned.map((i) => [i.instanceId, [i.inform, i.timing.state === 'dated' ? i.timing.lastDay : i.timing.state]]))).toEqual({
      'jaarverslag-gemeente': [['woonstede', 'de-alliantie', 'huurders'], 'waiting'],
      'jaarverslag-woonstede': [['gemeente', 'de-alliantie', 'huurders'], '2027-05-27'],
      'jaarverslag-de-alliantie': [['gemeente', 'woonstede', 'huurders'], 'waiting'],
      'jaarverslag-huurders': [['gemeente', 'woonstede', 'de-alliantie'], 'waiting'],
    });
  });

  it('pairs a follower with the party it answers: the advice on each bod follows that bod', () => {
    const advies = deliverable('advies', { rule: 'relative', afterDeliverable: 'bod', workingDays: 10 }, { title: 'Advies op het bod van {partij}', kind: 'advice', responsible: 'huurders' });
    const t = template([bod, advies]);
    const planned = planYear(t, 2027, { submittedOn: { 'bod-woonstede': '2027-06-25' } });
    expect(lastDays(t, 2027, { submittedOn: { 'bod-woonstede': '2027-06-25' } })).toMatchObject({ 'advies-woonstede': '2027-07-09', 'advies-de-alliantie': 'waiting' });
    expect(planned.find((i) => i.instanceId === 'bod-woonstede')?.followers).toEqual([{ instanceId: 'advies-woonstede', title: 'Advies op het bod van Woonstede', responsible: 'huurders', term: '10 werkdagen' }]);
    expect(planned.find((i) => i.instanceId === 'advies-de-alliantie')?.timing).toMatchObject({ waitingFor: { id: 'bod-de-alliantie', title: 'Bod van de Alliantie' } });
    expect(ruleText(t.deliverables.find((d) => d.id === 'advies-woonstede')!, t)).toBe('10 werkdagen na de indiening van Bod van Woonstede');
  });

  it('keeps instance ids unique and refuses what cannot be expanded', () => {
    const ids = planYear(template([bod, deliverable('jaarverslag', { rule: 'fixed', month: 6, day: 1, inclusive: true }, { responsible: { role: 'all' } })]), 2027).map((i) => i.instanceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(problems([bod, deliverable('bod-woonstede', { rule: 'fixed', month: 7, day: 1, inclusive: false })])).toEqual(['deliverables.1.id: "bod-woonstede" komt twee keer voor als de leveringen per partij zijn uitgeschreven']);
    const hyphened = [...parties, { id: 'woonstede-oost', name: 'Woonstede Oost', role: 'corporatie' }, { id: 'oost', name: 'Oost', role: 'gemeente' }];
    const both = [deliverable('bod', { rule: 'fixed', month: 7, day: 1, inclusive: false }, { responsible: { role: 'corporatie' } }), deliverable('bod-woonstede', { rule: 'fixed', month: 7, day: 1, inclusive: false }, { responsible: { role: 'gemeente' } })];
    expect(problems(both, { parties: hyphened })).toEqual(['deliverables.1.id: "bod-woonstede-oost" komt twee keer voor als de leveringen per partij zijn uitgeschreven']);
    expect(problems([deliverable('x', { rule: 'fixed', month: 7, day: 1, inclusive: false }, { title: 'Bod van {partij}' })])[0]).toMatch(/^deliverables\.0\.title: \{partij\} kan alleen in iets per partij/);
    const noTenants = parties.filter((p) => p.role !== 'huurdersorganisatie');
    expect(problems([deliverable('x', { rule: 'fixed', month: 7, day: 1, inclusive: false }, { responsible: { role: 'huurdersorganisatie' } })], { parties: noTenants })).toEqual([
      'deliverables.0.responsible.role: geen partij met de rol huurdersorganisatie',
    ]);
    const reply = deliverable('reactie', { rule: 'relative', afterDeliverable: 'bod', days: 14 }, { responsible: { role: 'gemeente' } });
    expect(problems([bod, reply])).toEqual(['deliverables.1.responsible: volgt iets per partij, maar niet voor gemeente']);
  });
});

describe('reminders on a weekend or holiday', () => {
  const policy = (daysBefore: number[], onNonWorkingDay?: 'previous-working-day') => remindersSchema.parse({ daysBefore, ...(onNonWorkingDay ? { onNonWorkingDay } : {}) });
  const reminders = (last: [number, number, number], p: ReturnType<typeof policy>) =>
    reminderSlots(localDate(...last), p).filter((s) => s.kind === 'reminder').map((s) => [s.id, s.at.toISOString()]);

  it('go out the working day before, so a 1-day reminder avoids Tweede Paasdag (and the spring change)', () => {
    // Deadline Tuesday 30 March 2027: 1 day before is Tweede Paasdag; before that the weekend (summer time from Sunday) and Goede Vrijdag.
    expect(reminders([2027, 3, 30], policy([7, 1]))).toEqual([['reminder-7d', '2027-03-23T08:00:00.000Z'], ['reminder-1d', '2027-03-29T07:00:00.000Z']]);
    expect(reminders([2027, 3, 30], policy([7, 1], 'previous-working-day'))).toEqual([['reminder-7d', '2027-03-23T08:00:00.000Z'], ['reminder-1d', '2027-03-25T08:00:00.000Z']]);
  });

  it('send two reminders that land on one working day once, and keep 09:00 across the autumn change', () => {
    expect(reminders([2027, 3, 30], policy([2, 1], 'previous-working-day'))).toEqual([['reminder-1d', '2027-03-25T08:00:00.000Z']]);
    expect(reminders([2027, 11, 1], policy([1], 'previous-working-day'))).toEqual([['reminder-1d', '2027-10-29T07:00:00.000Z']]);
    expect(reminders([2027, 11, 1], policy([1]))).toEqual([['reminder-1d', '2027-10-31T08:00:00.000Z']]);
  });

  it('step over Koningsdag on Saturday 26 April 2025 and over Kerst on a weekend', () => {
    expect(reminders([2025, 4, 29], policy([3, 2], 'previous-working-day'))).toEqual([['reminder-2d', '2025-04-25T07:00:00.000Z']]);
    expect(reminders([2027, 12, 27], policy([2, 1], 'previous-working-day'))).toEqual([['reminder-1d', '2027-12-24T08:00:00.000Z']]);
  });

  it('stay as they were by default, also for an instance stored before the policy existed', () => {
    const { onNonWorkingDay: _, ...stored } = policy([1]);
    expect(reminderSlots(localDate(2027, 3, 30), stored as ReturnType<typeof policy>)).toEqual(reminderSlots(localDate(2027, 3, 30), policy([1])));
    const t = template([deliverable('x', { rule: 'fixed', month: 3, day: 30, inclusive: true }, { reminders: { daysBefore: [1], onNonWorkingDay: 'previous-working-day' } })]);
    expect(slotsOfPlanned(planYear(t, 2027)[0]!).find((s) => s.kind === 'reminder')?.at.toISOString()).toBe('2027-03-25T08:00:00.000Z');
    expect(ruleText(t.deliverables[0]!, t)).toContain('gaat de werkdag ervoor uit');
  });
});

describe('a meeting series with N meetings a year', () => {
  const series = (perYear: number, extra: object = {}) =>
    template([deliverable('agenda', { rule: 'meeting', series: 'ug', daysBefore: 7 }, { kind: 'meeting-agenda' })], {
      meetingSeries: [{ id: 'ug', title: 'Uitvoeringsgroep', organiser: 'gemeente', minPerYear: perYear, perYear, clauses: [{ agreement: 'prestatieafspraken-test', clause: '1', quote: 'komt vier keer per jaar bijeen' }] }],
      ...extra,
    });

  it('names the meetings and gives each an equal share of the year', () => {
    expect(series(4).meetings.map((m) => [m.id, m.title, `${m.window.from.month}/${m.window.from.day}-${m.window.to.month}/${m.window.to.day}`])).toEqual([
      ['ug-1', 'Uitvoeringsgroep 1e kwartaal', '1/1-3/31'],
      ['ug-2', 'Uitvoeringsgroep 2e kwartaal', '4/1-6/30'],
      ['ug-3', 'Uitvoeringsgroep 3e kwartaal', '7/1-9/30'],
      ['ug-4', 'Uitvoeringsgroep 4e kwartaal', '10/1-12/31'],
    ]);
    expect(series(5).meetings.map((m) => `${m.title}: ${m.window.from.month}-${m.window.to.month}`)).toEqual(['Uitvoeringsgroep 1 van 5: 1-2', 'Uitvoeringsgroep 2 van 5: 3-4', 'Uitvoeringsgroep 3 van 5: 5-7', 'Uitvoeringsgroep 4 van 5: 8-9', 'Uitvoeringsgroep 5 van 5: 10-12']);
    expect(series(12).meetings[1]).toMatchObject({ title: 'Uitvoeringsgroep februari', window: { from: { month: 2, day: 1 }, to: { month: 2, day: 28 } } });
    const fortnightly = series(26).meetings;
    expect(fortnightly[0]!.window.from).toEqual({ month: 1, day: 1 });
    expect(fortnightly.at(-1)!.window.to).toEqual({ month: 12, day: 31 });
    expect(fortnightly.some((m) => m.window.from.month === 2 && m.window.from.day === 29)).toBe(false);
  });

  it('never has an agenda due before the meetings are planned, nor after the meeting', () => {
    expect(lastDays(series(4), 2027, { meetingDates: { 'ug-1': '2027-01-04T14:00', 'ug-2': '2027-04-14' } })).toMatchObject({ 'agenda-ug-1': '2026-12-31', 'agenda-ug-2': '2027-04-07' });
    expect(lastDays(series(4, { meetingsPlannedBy: { month: 11, day: 30 } }), 2027, { meetingDates: { 'ug-1': '2027-01-04' } })).toMatchObject({ 'agenda-ug-1': '2026-12-28' });
    expect(lastDays(series(4), 2027, { meetingDates: { 'ug-1': '2026-12-20' } })).toMatchObject({ 'agenda-ug-1': '2026-12-20' });
  });

  it('counts working days before and after a meeting', () => {
    const t = template(
      [
        deliverable('agenda', { rule: 'meeting', series: 'ug', workingDaysBefore: 5 }, { kind: 'meeting-agenda' }),
        deliverable('notulen', { rule: 'meeting', series: 'ug', workingDaysAfter: 10 }, { kind: 'meeting-minutes' }),
      ],
      { meetingSeries: [{ id: 'ug', title: 'Uitvoeringsgroep', organiser: 'gemeente', minPerYear: 4, perYear: 4, clauses: [{ agreement: 'prestatieafspraken-test', clause: '1', quote: 'komt vier keer per jaar bijeen' }] }] },
    );
    expect(lastDays(t, 2027, { meetingDates: { 'ug-2': '2027-04-28' } })).toMatchObject({ 'agenda-ug-2': '2027-04-20', 'notulen-ug-2': '2027-05-18' });
    expect(problems([deliverable('a', { rule: 'meeting', series: 'ug', daysBefore: 7 })], { meetingSeries: [{ id: 'ug', title: 'Uitvoeringsgroep', organiser: 'gemeente', minPerYear: 1, perYear: 1, clauses: t.meetingSeries[0]!.clauses }], meetings: [{ id: 'losse', title: 'Losse vergadering', series: 'ug', window: { from: { month: 1, day: 1 }, to: { month: 2, day: 1 } } }] })).toEqual([
      'meetingSeries.0.perYear: geef perYear of losse vergaderingen (meetings) voor deze reeks, niet allebei',
    ]);
  });
});

describe('extra Atw days, decreed per year, from workflows/cycles/atw-extra-days.json', () => {
  it('makes Friday 7 May 2027 a non-working day, and no day of another year', () => {
    expect(atwExtraDays(2027).map((d) => `${isoDate(d.date)} ${d.reason}`)).toEqual(['2027-05-07 vrijdag na Hemelvaartsdag']);
    expect(isWorkingDay(localDate(2027, 5, 7))).toBe(false);
    expect(isWorkingDay(localDate(2026, 5, 15))).toBe(true); // the Friday after Hemelvaart 2026: not decreed
  });

  it('refuses a day that does not exist, in Dutch', () => {
    expect(() => parseExtraDays({ days: [{ date: '2027-02-30', reason: 'een fout' }] })).toThrow(/atw-extra-days\.json is ongeldig: days\.0\.date: moet een bestaande datum JJJJ-MM-DD zijn/);
  });

  it('is inlined in a bundle, as the Lambda functions are built (esbuild)', async () => {
    const out = await build({ entryPoints: [new URL('../../functions/core/holidays.ts', import.meta.url).pathname], bundle: true, write: false, platform: 'node', format: 'esm', external: ['zod', 'luxon'], logLevel: 'silent' });
    expect(out.outputFiles[0]!.text).toContain('2027-05-07');
  });
});
