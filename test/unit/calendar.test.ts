import ICAL from 'ical.js';
import { describe, expect, it, vi } from 'vitest';
import { planWarnings, planYear, type PlannedInstance } from '../../functions/core/calendar.js';
import { cycleIcs } from '../../functions/core/ics.js';
import { localDate } from '../../functions/core/time.js';
import { readTemplate } from '../../infra/local/seed.js';

const load = (file: string) => readTemplate(new URL(`../../workflows/cycles/${file}`, import.meta.url)).template;
const leusden = load('leusden-2020-2022.yaml');
const omthuis = load('leusden-omthuis-2026.yaml');
const lastDay = (i: PlannedInstance | undefined) => (i?.timing.state === 'dated' ? i.timing.lastDay : i?.timing.state);

describe('planning a cycle year', () => {
  it('is deterministic and sorted by last day, dated first', () => {
    const a = planYear(leusden, 2021);
    expect(planYear(leusden, 2021)).toEqual(a);
    const dated = a.filter((i) => i.timing.state === 'dated').map((i) => lastDay(i)!);
    expect(dated).toEqual([...dated].sort());
    const states = a.map((i) => i.timing.state);
    expect(states.indexOf('dated')).toBe(0);
    expect(states.lastIndexOf('dated')).toBeLessThan(states.indexOf('waiting'));
  });

  it('makes one instance per period for a recurring rule, due the given days after each period', () => {
    const sold = planYear(omthuis, 2027).filter((i) => i.deliverableId === 'verkochte-woningen');
    expect(sold.map((i) => [i.instanceId, i.period?.label, lastDay(i)])).toEqual([
      ['verkochte-woningen-halfjaar-1', 'H1', '2027-07-30'],
      ['verkochte-woningen-halfjaar-2', 'H2', '2028-01-30'],
    ]);
  });

  it('waits for a meeting date, then puts the agenda days before and the minutes days after it', () => {
    const before = planYear(leusden, 2021).filter((i) => i.meeting?.id === 'voorjaarsoverleg');
    expect(before.map((i) => i.timing.state)).toEqual(['waiting', 'waiting']);
    const after = planYear(leusden, 2021, { meetingDates: { voorjaarsoverleg: '2021-04-14T19:30' } }).filter((i) => i.meeting?.id === 'voorjaarsoverleg');
    const agenda = after.find((i) => i.kind === 'meeting-agenda');
    const minutes = after.find((i) => i.kind === 'meeting-minutes');
    expect(lastDay(agenda)).toBe('2021-04-07');
    expect(lastDay(minutes)).toBe('2021-04-28');
  });

  it('waits for an event, then counts from its date (jaarverslag within a week of adoption)', () => {
    const jaarverslag = leusden.deliverables.find((d) => d.due.rule === 'relative' && d.due.event && d.id.includes('jaarverslag'))!;
    const event = (jaarverslag.due as { event: string }).event;
    const waiting = planYear(leusden, 2021).find((i) => i.deliverableId === jaarverslag.id);
    expect(waiting?.timing).toMatchObject({ state: 'waiting', waitingFor: { kind: 'event', id: event } });
    const dated = planYear(leusden, 2021, { eventDates: { [event]: '2021-05-20' } }).find((i) => i.deliverableId === jaarverslag.id);
    expect(lastDay(dated)).toBe('2021-05-27');
  });

  it('splits a sign-off into one instance per signer', () => {
    const signOff = leusden.deliverables.find((d) => d.due.rule === 'sign-off')!;
    const instances = planYear(leusden, signOff.years?.[0] ?? 2020).filter((i) => i.deliverableId === signOff.id);
    expect(instances.map((i) => i.responsible).sort()).toEqual(['de-alliantie', 'gemeente-leusden', 'hlve', 'wsl']);
    expect(new Set(instances.map((i) => i.signOff?.group))).toEqual(new Set([signOff.id]));
  });

  it('moves a statutory deadline on a weekend to the next working day, and says from where', () => {
    // Six weeks (Overlegwet) after a request on Saturday 27 February 2027 end on Saturday 10 April.
    const planned = planYear(omthuis, 2027, { submittedOn: { 'huuraanpassing-adviesaanvraag': '2027-02-27' } });
    expect(planned.find((i) => i.deliverableId === 'huuradvies')?.timing).toMatchObject({
      state: 'dated',
      lastDay: '2027-04-12',
      shiftedFrom: '2027-04-10',
    });
    // The bod (Woningwet) "vóór 1 juli": 30 June 2029 is a Saturday, so Monday 2 July.
    expect(planYear(omthuis, 2029).find((i) => i.deliverableId === 'bod-omthuis')?.timing).toMatchObject({
      lastDay: '2029-07-02',
      shiftedFrom: '2029-06-30',
    });
  });

  it('keeps open items without a deadline, with their window', () => {
    const open = planYear(omthuis, 2026).filter((i) => i.timing.state === 'open-item');
    expect(open.length).toBeGreaterThan(3);
    for (const i of open) if (i.timing.state === 'open-item') expect(i.timing.window.from <= i.timing.window.to).toBe(true);
  });
});

describe('plan checks', () => {
  it('warn in Dutch when fewer meetings than the procesafspraken ask for have a date, and when December has passed', () => {
    const warnings = planWarnings(leusden, 2021, { meetingDates: { voorjaarsoverleg: '2021-04-14' } }, localDate(2021, 1, 5));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Bestuurlijk overleg.*: 1 van de minstens 3 vergaderingen in 2021 hebben een datum\.$/i),
        expect.stringMatching(/0 van de minstens 4 vergaderingen in 2021/),
        expect.stringMatching(/^De vergaderingen van 2021 hadden uiterlijk 2020-12-31 ingepland moeten zijn/),
      ]),
    );
  });

  it('stay quiet when every meeting is planned in time', () => {
    const all = Object.fromEntries(leusden.meetings.map((m, i) => [m.id, `2021-0${1 + (i % 9)}-15`]));
    expect(planWarnings(leusden, 2021, { meetingDates: all }, localDate(2020, 12, 20))).toEqual([]);
  });
});

describe('the ICS calendar', () => {
  const instances = planYear(leusden, 2021, { meetingDates: { voorjaarsoverleg: '2021-03-25T19:30', najaarsoverleg: '2021-11-04T19:30' } });
  const options = {
    name: 'Prestatieafspraken Leusden 2021',
    templateId: leusden.id,
    year: 2021,
    partyNames: Object.fromEntries(leusden.parties.map((p) => [p.id, p.name])),
    stamp: new Date('2021-01-04T12:00:00Z'),
  };
  const ics = cycleIcs(instances, options);
  const calendar = new ICAL.Component(ICAL.parse(ics));

  it('parses, with a VTIMEZONE for Europe/Amsterdam', () => {
    const tz = calendar.getFirstSubcomponent('vtimezone');
    expect(tz?.getFirstPropertyValue('tzid')).toBe('Europe/Amsterdam');
    expect(calendar.getAllSubcomponents('vevent').length).toBeGreaterThan(20);
  });

  it('has every deadline as an all-day event on its last day, with stable UIDs', () => {
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const huuradvies = events.find((e) => e.uid === `${leusden.id}-2021-huuradvies@prestatiecyclus`);
    expect(huuradvies?.startDate.isDate).toBe(true);
    expect(huuradvies?.startDate.toString()).toBe('2021-02-28');
    expect(huuradvies?.summary).toContain('Huuradvies');
  });

  it('keeps meeting times right across the daylight-saving changes (19:30 in winter and in summer)', () => {
    ICAL.TimezoneService.register(calendar.getFirstSubcomponent('vtimezone')!);
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const spring = events.find((e) => e.uid.endsWith('vergadering-voorjaarsoverleg@prestatiecyclus'))!;
    const autumn = events.find((e) => e.uid.endsWith('vergadering-najaarsoverleg@prestatiecyclus'))!;
    expect(spring.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Amsterdam');
    expect(spring.startDate.zone?.tzid).toBe('Europe/Amsterdam');
    // 25 March 2021 is still winter time (UTC+1); 4 November 2021 is winter time again.
    expect(spring.startDate.toJSDate().toISOString()).toBe('2021-03-25T18:30:00.000Z');
    expect(autumn.startDate.toJSDate().toISOString()).toBe('2021-11-04T18:30:00.000Z');
    const summer = cycleIcs(planYear(leusden, 2021, { meetingDates: { voorjaarsoverleg: '2021-05-06T19:30' } }), {
      name: 'x', templateId: leusden.id, year: 2021, partyNames: {}, stamp: new Date('2021-01-04T12:00:00Z'),
    });
    const summerCal = new ICAL.Component(ICAL.parse(summer));
    const may = summerCal.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e)).find((e) => e.uid.includes('vergadering-voorjaarsoverleg'))!;
    expect(may.startDate.toJSDate().toISOString()).toBe('2021-05-06T17:30:00.000Z');
  });

  it('is the same bytes for the same input, whatever the wall clock says (DTSTAMP is the stamp passed in)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2030-06-01T08:00:00Z'));
      const later = cycleIcs(instances, options);
      vi.setSystemTime(new Date('2031-12-31T23:59:59Z'));
      expect(cycleIcs(instances, options)).toBe(later);
      expect(later).toBe(ics);
    } finally {
      vi.useRealTimers();
    }
    const stamps = new Set(calendar.getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('dtstamp'))));
    expect([...stamps]).toEqual(['2021-01-04T12:00:00Z']);
  });

  it('alarms at each reminder as an absolute UTC instant', () => {
    const event = calendar.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('uid') === `${leusden.id}-2021-huuradvies@prestatiecyclus`)!;
    const triggers = event.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger')));
    expect(triggers).toEqual(['2021-01-31T08:00:00Z', '2021-02-14T08:00:00Z', '2021-02-21T08:00:00Z', '2021-02-27T08:00:00Z']);
  });
});
