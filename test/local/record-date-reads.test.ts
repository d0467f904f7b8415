import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import { summaryKey } from '../../functions/adapters/store/summary.js';
import { recordDate } from '../../functions/services/dates.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { openCycleLocally, seedTenant } from '../../infra/local/seed.js';
import { testCloud } from '../support.js';

/**
 * A recorded date (a meeting, an event, a submission others follow) reads what it changes: the
 * cycle's summary and the instances whose last day it moves, never the whole year; a cycle without
 * a summary yet is read whole, with the same outcome.
 */
const template = new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
const clock = new SimulatedClock(new Date('2022-02-01T09:00:00Z'));
/** Every Query that reads a whole cycle year, by tenant. */
const wholeReads: string[] = [];
let cloud: LocalCloud;

const countWholeReads = (client: DynamoDBClient) => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ExpressionAttributeValues?: Record<string, unknown> };
      const values = input.ExpressionAttributeValues ?? {};
      // The query of store.cycles.loadCycle: every item under DELIVERABLE# of the cycle's partition.
      const pk = String(values[':pk'] ?? '');
      if (context.commandName === 'QueryCommand' && values[':d'] === 'DELIVERABLE#' && pk.endsWith('#CYCLE#2022')) {
        wholeReads.push(pk.startsWith('TENANT#leusden-oud#') ? 'leusden-oud' : 'leusden');
      }
      return next(args);
    },
    { step: 'initialize', name: 'countWholeReads' },
  );
};

beforeAll(async () => {
  cloud = await testCloud({ clock, onDynamoClient: countWholeReads });
  for (const tenant of ['leusden', 'leusden-oud']) {
    await seedTenant(cloud.store, tenant, 'Gemeente Leusden', template);
    await openCycleLocally(cloud.engine, tenant, 2022);
  }
  cloud.engine.stop();
});
afterAll(() => cloud?.stop());

describe('recording a date', () => {
  it('reads the summary and the instances it moves, not the year; without a summary it reads the year, to the same end', async () => {
    // leusden-oud stands for a cycle opened before summaries existed.
    const db = (cloud.store.cycles as unknown as { table: { delete(input: object): Promise<void> } }).table;
    await db.delete({ Key: summaryKey('leusden-oud', 2022) });
    const record = (tenantId: string) => recordDate(cloud.deps, { tenantId, year: 2022, kind: 'meetingDates', id: 'voorjaarsoverleg', date: '2022-03-15' });

    wholeReads.length = 0;
    const withSummary = await record('leusden');
    expect(wholeReads.filter((t) => t === 'leusden')).toEqual([]);
    const withoutSummary = await record('leusden-oud');
    expect(wholeReads).toContain('leusden-oud');

    expect(withSummary.started.length).toBeGreaterThan(0);
    expect([...withSummary.started].sort()).toEqual([...withoutSummary.started].sort());
    for (const instanceId of withSummary.started) {
      const [a, b] = await Promise.all(['leusden', 'leusden-oud'].map((t) => cloud.store.cycles.loadInstance(t, 2022, instanceId)));
      expect(a!.instance.timing).toEqual(b!.instance.timing);
      expect(a!.instance.revision).toBe(b!.instance.revision);
    }
    // Recording the same date again moves nothing and starts nothing.
    expect((await record('leusden')).started).toEqual([]);
  });
});
