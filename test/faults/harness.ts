import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Email } from 'aws-ses-v2-local/dist/store.js';
import { expect } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import { slotsOf } from '../../functions/core/instance.js';
import type { InstanceRecords } from '../../functions/core/model.js';
import type { LocalCloud, LocalCloudOptions } from '../../infra/local/cloud.js';
import { coordinator, deadlineMails, hlve, seedAndOpen, testCloud } from '../support.js';

/** A window of simulated time, [from, to). */
export const during = (from: string, ms: number) => (clock: SimulatedClock) => {
  const t = clock.now().getTime();
  return t >= Date.parse(from) && t < Date.parse(from) + ms;
};

/** An SES error as the SDK throws it. */
export const sesError = (name: string) => Object.assign(new Error(`${name} (injected)`), { name, $metadata: { httpStatusCode: 503 } });

/**
 * Adds a DynamoDB client middleware that can fail a command before it is sent (`before`) or
 * after DynamoDB applied it (`after`: the write happened, the caller sees an error, as when the
 * process dies between the write and what follows).
 */
export function dynamoFault(fault: (command: string, input: Record<string, unknown>) => 'before' | 'after' | undefined) {
  return (client: DynamoDBClient) => {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const when = fault(context.commandName ?? '', args.input as Record<string, unknown>);
        const failure = Object.assign(new Error('injected DynamoDB failure'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
        if (when === 'before') throw failure;
        const out = await next(args);
        if (when === 'after') throw failure;
        return out;
      },
      { step: 'initialize', name: 'injectedFault' },
    );
  };
}

export interface FaultySeason {
  clock: SimulatedClock;
  cloud: () => LocalCloud;
  records: InstanceRecords;
  mails: Email[];
}

/**
 * HLVE's huuradvies season (nobody submits: every reminder, due-today and overdue notice with its
 * escalation), with faults injected, and the reconciler on a schedule of every six hours.
 */
export async function faultySeason(
  options: (clock: SimulatedClock) => Partial<Omit<LocalCloudOptions, 'clock'>>,
  script?: (clock: SimulatedClock, cloud: LocalCloud, restart: () => Promise<LocalCloud>) => Promise<void>,
): Promise<FaultySeason> {
  const clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));
  clock.join();
  const tableName = `faults-${Math.random().toString(16).slice(2)}`;
  const start = () => testCloud({ reconcileEveryMs: 6 * 60 * 60 * 1000, ...options(clock), clock, tableName });
  let cloud = await start();
  const mails: Email[] = [];
  try {
    await seedAndOpen(cloud);
    const restart = async () => {
      mails.push(...(await deadlineMails(cloud.urls.ses)));
      await cloud.stop();
      cloud = await start();
      return cloud;
    };
    if (script) await script(clock, cloud, restart);
    clock.leave();
    // Until the season is over: the last escalation is on 22 March.
    clock.join();
    await clock.sleepUntil(new Date('2027-04-01T00:00:00Z'));
    clock.leave();
    await cloud.engine.settled();
    mails.push(...(await deadlineMails(cloud.urls.ses)));
    return { clock, cloud: () => cloud, records: (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!, mails };
  } finally {
    await cloud.stop();
  }
}

/**
 * The promise, checked against the ledger: every slot the plan has, each recipient exactly once —
 * sent, or merged into a later notice to the same recipient that went out — and as many mails as
 * sent entries, plus at most the counted takeovers (a claim taken over after a crash may have gone
 * out twice).
 */
export function expectLedger(season: FaultySeason, expected: { merged?: number; duplicates?: number } = {}) {
  const { records, mails } = season;
  const recipients = (escalate: boolean) => [hlve, ...(escalate ? [coordinator] : [])];
  const current = slotsOf(records.instance);
  const planned = current.flatMap((s) => recipients(s.escalate).map((r) => `${s.id}/${r.partyId}/${r.contactId}`));
  // Notices of an earlier revision (before a deadline moved) were due then: each went out once.
  const earlier = records.notices.filter((n) => !current.some((s) => s.id === n.slotId));
  expect(earlier.filter((n) => n.state !== 'sent')).toEqual([]);
  const ledger = records.notices.filter((n) => !earlier.includes(n)).map((n) => `${n.slotId}/${n.partyId}/${n.contactId}`);
  expect([...ledger].sort()).toEqual([...planned].sort());
  const states = records.notices.map((n) => n.state);
  expect(states.filter((s) => s !== 'sent' && s !== 'merged')).toEqual([]);
  const sent = records.notices.filter((n) => n.state === 'sent').length;
  expect(records.notices.filter((n) => n.state === 'merged')).toHaveLength(expected.merged ?? 0);
  const takeovers = records.notices.reduce((sum, n) => sum + (n.takeovers ?? 0), 0);
  const toRecipients = mails.filter((m) => [hlve.email, coordinator.email].includes(m.destination.to[0]!));
  expect(toRecipients.length - sent).toBe(expected.duplicates ?? 0);
  expect(toRecipients.length - sent).toBeLessThanOrEqual(takeovers);
  return { sent, takeovers };
}
