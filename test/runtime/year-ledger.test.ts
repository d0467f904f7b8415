import { describe, expect, it } from 'vitest';
import { planYear, slotsOfPlanned } from '../../functions/core/calendar.js';
import { readTemplate } from '../../infra/local/seed.js';
import { loadScenario, type SimulationResult, type TimelineEntry } from '../../infra/local/simulate.js';
import { calendarMismatches, ledgerDigest } from './year-ledger.js';

const templateFile = new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
const scenario = loadScenario(new URL('../../workflows/cycles/scenarios/leusden-2021.yaml', import.meta.url).pathname);
const { template } = readTemplate(templateFile);
const what = { reminder: 'herinnering', 'due-today': 'vandaag', overdue: 'te laat' } as const;

/** A year in which nobody delivers, exactly as the calendar says: every notice, every escalation. */
function perfectYear(): SimulationResult {
  const timeline: TimelineEntry[] = [];
  for (const i of planYear(template, 2021, { meetingDates: scenario.meetings, eventDates: scenario.events, submittedOn: {} })) {
    if (i.timing.state !== 'dated') continue;
    for (const s of slotsOfPlanned(i)) {
      timeline.push({ at: s.at.toISOString(), instanceId: i.instanceId, party: i.responsible, what: what[s.kind], detail: s.id });
      if (s.kind === 'overdue' && i.responsible !== template.coordinatorParty) {
        timeline.push({ at: s.at.toISOString(), instanceId: i.instanceId, party: template.coordinatorParty, what: 'escalatie', detail: s.id });
      }
    }
  }
  const summary = { noticesPerParty: {}, escalations: 0, onTime: 0, late: 0, neverSubmitted: 0, instances: 0, dated: 0, forwards: 0, forwardsPending: 0, confirmations: 0 };
  return { timeline, summary, wallMs: 0 };
}

describe('the check of a simulated year against the calendar (the bench under load relies on it)', () => {
  it('passes a year exactly as planned, and gives it the same digest in any order', () => {
    const year = perfectYear();
    expect(calendarMismatches(year, templateFile, 2021, scenario)).toEqual([]);
    const shuffled = { ...year, timeline: [...year.timeline].reverse() };
    expect(ledgerDigest(shuffled).sha256).toBe(ledgerDigest(year).sha256);
  });

  it('names the instance of a notice an hour late, a missing overdue notice, a missing escalation and a stray mail', () => {
    const year = perfectYear();
    const reminder = year.timeline.find((e) => e.what === 'herinnering')!;
    reminder.at = new Date(Date.parse(reminder.at) + 3_600_000).toISOString();
    const overdue = year.timeline.findIndex((e) => e.what === 'te laat' && e.instanceId !== reminder.instanceId);
    const [dropped] = year.timeline.splice(overdue, 1);
    const escalation = year.timeline.findIndex((e) => e.what === 'escalatie' && e.instanceId !== dropped!.instanceId);
    const [unescalated] = year.timeline.splice(escalation, 1);
    year.timeline.push({ at: reminder.at, instanceId: 'niet-gepland', party: 'wsl', what: 'herinnering', detail: 'reminder-7d' });
    const problems = calendarMismatches(year, templateFile, 2021, scenario);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(new RegExp(`^${reminder.instanceId}: expected`));
    expect(problems.some((p) => p.startsWith(`${dropped!.instanceId}: expected`))).toBe(true);
    expect(problems.some((p) => p.startsWith(`${unescalated!.instanceId}: escalations`))).toBe(true);
    expect(problems.at(-1)).toBe('niet-gepland: mailed, but the calendar does not date it');
    expect(ledgerDigest(year).sha256).not.toBe(ledgerDigest(perfectYear()).sha256);
  });
});
