import { createHash } from 'node:crypto';
import { planYear, slotsOfPlanned } from '../../functions/core/calendar.js';
import { readTemplate } from '../../infra/local/seed.js';
import type { Scenario, SimulationResult } from '../../infra/local/simulate.js';

/**
 * What a simulated year did, checked against the calendar: every notice where the calendar says,
 * until the party delivered, each overdue notice escalated (unless the coordinator's own party is
 * late), and nothing mailed for an instance the calendar does not date. Empty when all holds; each
 * entry names the instance and what differs. Shared by the year's test and its bench under load.
 */
export function calendarMismatches(result: SimulationResult, templateFile: string | URL, year: number, scenario: Scenario): string[] {
  const { template } = readTemplate(templateFile);
  const submittedAt = new Map(result.timeline.filter((e) => e.what === 'ingediend' || e.what === 'te laat ingediend').map((e) => [e.instanceId, e.at]));
  // The calendar, with the dates the scenario recorded and the submissions others wait for.
  const submittedOn = Object.fromEntries(
    [...submittedAt].map(([instanceId, at]) => [instanceId, new Date(at).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' })]),
  );
  const calendar = planYear(template, year, { meetingDates: scenario.meetings, eventDates: scenario.events, submittedOn }).filter((i) => i.timing.state === 'dated');
  const problems: string[] = [];
  for (const instance of calendar) {
    const until = submittedAt.get(instance.instanceId);
    const expected = slotsOfPlanned(instance)
      .filter((s) => until === undefined || s.at.toISOString() < until)
      .map((s) => `${s.at.toISOString()} ${s.id}`);
    const seen = result.timeline
      .filter((e) => e.instanceId === instance.instanceId && e.party === instance.responsible && ['herinnering', 'vandaag', 'te laat'].includes(e.what))
      .map((e) => `${e.at} ${e.detail.replace(/^r\d+-/, '')}`);
    if (seen.join() !== expected.join()) problems.push(`${instance.instanceId}: expected [${expected.join(', ')}], seen [${seen.join(', ')}]`);
    const escalations = result.timeline.filter((e) => e.instanceId === instance.instanceId && e.what === 'escalatie').map((e) => e.detail.replace(/^r\d+-/, ''));
    // The coordinator's own party late: the one notice reaches the same person, and is not sent twice.
    const overdue = instance.responsible === template.coordinatorParty ? [] : expected.map((x) => x.split(' ')[1]!).filter((id) => id.startsWith('overdue'));
    if (escalations.join() !== overdue.join()) problems.push(`${instance.instanceId}: escalations expected [${overdue.join(', ')}], seen [${escalations.join(', ')}]`);
  }
  const dated = new Set(calendar.map((i) => i.instanceId));
  for (const id of new Set(result.timeline.filter((e) => e.what !== 'datum vastgelegd' && !dated.has(e.instanceId)).map((e) => e.instanceId))) {
    problems.push(`${id}: mailed, but the calendar does not date it`);
  }
  if (calendar.length <= 50) problems.push(`only ${calendar.length} dated instances`);
  return problems;
}

/** The year's ledger as one line per entry, in a fixed order, and its SHA-256: equal runs, equal digests. */
export function ledgerDigest(result: SimulationResult): { lines: string[]; sha256: string } {
  const lines = result.timeline.map((e) => `${e.at} ${e.instanceId} ${e.party} ${e.what} ${e.detail}`).sort();
  return { lines, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
}
