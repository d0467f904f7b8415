import { expect, it } from 'vitest';
import { inject } from 'vitest';
import { planYear, slotsOfPlanned } from '../../functions/core/calendar.js';
import { readTemplate } from '../../infra/local/seed.js';
import { loadScenario, simulateYear } from '../../infra/local/simulate.js';

const templateFile = new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
const scenarioFile = new URL('../../workflows/cycles/scenarios/leusden-2021.yaml', import.meta.url);

it('runs the whole Leusden year 2021 and every notice lands where the calendar says, until the party delivers', async () => {
  const scenario = loadScenario(scenarioFile.pathname);
  const result = await simulateYear({ templateFile, year: 2021, scenario, dynamoEndpoint: inject('dynamoEndpoint'), tableName: `sim-${Date.now()}` });
  const { template } = readTemplate(templateFile);
  const submittedAt = new Map(
    result.timeline.filter((e) => e.what === 'ingediend' || e.what === 'te laat ingediend').map((e) => [e.instanceId, e.at]),
  );
  // The calendar, with the dates the scenario recorded and the submissions others wait for.
  const submittedOn = Object.fromEntries(
    [...submittedAt].map(([instanceId, at]) => [instanceId, new Date(at).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' })]),
  );
  const calendar = planYear(template, 2021, {
    meetingDates: scenario.meetings,
    eventDates: scenario.events,
    submittedOn,
  }).filter((i) => i.timing.state === 'dated');
  expect(calendar.length).toBeGreaterThan(50);

  for (const instance of calendar) {
    const until = submittedAt.get(instance.instanceId);
    const expected = slotsOfPlanned(instance)
      .filter((s) => until === undefined || s.at.toISOString() < until)
      .map((s) => `${s.at.toISOString()} ${s.id}`);
    const seen = result.timeline
      .filter((e) => e.instanceId === instance.instanceId && e.party === instance.responsible && ['herinnering', 'vandaag', 'te laat'].includes(e.what))
      .map((e) => `${e.at} ${e.detail.replace(/^r\d+-/, '')}`);
    expect(seen, instance.instanceId).toEqual(expected);
    const escalations = result.timeline
      .filter((e) => e.instanceId === instance.instanceId && e.what === 'escalatie')
      .map((e) => e.detail.replace(/^r\d+-/, ''));
    // The coordinator is told of every overdue notice, unless the coordinator's own party is late:
    // then the one notice reaches the same person, and is not sent twice.
    const overdue = expected.map((x) => x.split(' ')[1]!).filter((id) => id.startsWith('overdue'));
    expect(escalations, instance.instanceId).toEqual(instance.responsible === template.coordinatorParty ? [] : overdue);
  }
  // Every instance the calendar dates was worked; nothing was mailed for an instance it does not date.
  const dated = new Set(calendar.map((i) => i.instanceId));
  const mailed = new Set(result.timeline.filter((e) => e.what !== 'datum vastgelegd').map((e) => e.instanceId));
  expect([...mailed].filter((id) => !dated.has(id))).toEqual([]);
  expect(result.summary).toMatchObject({ late: expect.any(Number), escalations: expect.any(Number) });
  expect(result.summary.late).toBeGreaterThan(0);
  expect(result.summary.neverSubmitted).toBeGreaterThan(0);
}, 120_000);
