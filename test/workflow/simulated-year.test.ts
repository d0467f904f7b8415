import { expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadScenario, simulateYear } from '../../infra/local/simulate.js';
import { calendarMismatches } from '../runtime/year-ledger.js';

const templateFile = new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
const scenarioFile = new URL('../../workflows/cycles/scenarios/leusden-2021.yaml', import.meta.url);

// Under a busy machine (the whole suite on two workers) the year takes minutes of real time, not
// simulated ones: the clock waits for every participant, so a slow run is slower, never different.
it('runs the whole Leusden year 2021 and every notice lands where the calendar says, until the party delivers', async () => {
  const scenario = loadScenario(scenarioFile.pathname);
  const result = await simulateYear({ templateFile, year: 2021, scenario, dynamoEndpoint: inject('dynamoEndpoint'), tableName: `sim-${Date.now()}` });
  expect(calendarMismatches(result, templateFile, 2021, scenario)).toEqual([]);
  expect(result.summary).toMatchObject({ late: expect.any(Number), escalations: expect.any(Number) });
  expect(result.summary.late).toBeGreaterThan(0);
  expect(result.summary.neverSubmitted).toBeGreaterThan(0);
  // Every version went to the parties it is for; this scenario has nobody confirm.
  expect(result.summary.forwards).toBeGreaterThan(0);
  expect(result.summary).toMatchObject({ forwardsPending: 0, confirmations: 0 });
}, 300_000);
