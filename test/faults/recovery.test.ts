import { describe, expect, it } from 'vitest';
import { executionName } from '../../functions/adapters/engine.js';
import { formTokenOf } from '../../functions/coordinator/session.js';
import { hlve, postForm } from '../support.js';
import { dynamoFault, during, expectLedger, faultySeason } from './harness.js';

const huuradvies = { tenantId: 'leusden', year: 2027, instanceId: 'huuradvies', generation: 0, revision: 0 };
/** The claim of HLVE's due-today notice (a transaction: the claim, and the check of a claim from before parties). */
const isClaim = (command: string, input: Record<string, unknown>) =>
  command === 'TransactWriteItemsCommand' && JSON.stringify(input).includes('#NOTICE#due-today#hlve#') && !JSON.stringify(input).includes(':sent');
/** Marking it sent: an update, or (the slot's last recipient) a transaction with the slot's mark. */
const isMarkSent = (command: string, input: Record<string, unknown>) =>
  (command === 'UpdateItemCommand' || command === 'TransactWriteItemsCommand') && JSON.stringify(input).includes('#NOTICE#due-today#hlve#') && JSON.stringify(input).includes('SET #state = :sent');

describe('crashes, outages and restarts: the reconciler brings every notice back, once', () => {
  it('DynamoDB unavailable for two hours around a reminder: the execution fails, the reconciler restarts it, the reminder goes out late', async () => {
    const down = during('2027-02-21T07:00:00Z', 2 * 3_600_000);
    const season = await faultySeason((clock) => ({ onDynamoClient: dynamoFault(() => (down(clock) ? 'before' : undefined)) }));
    expectLedger(season);
    const reminder = season.records.notices.find((n) => n.slotId === 'reminder-7d')!;
    expect(Date.parse(reminder.sentAt!)).toBeGreaterThanOrEqual(Date.parse('2027-02-21T09:00:00Z'));
    expect(season.records.audit.filter((a) => a.action === 'herinneringen hervat').length).toBeGreaterThanOrEqual(1);
  });

  it('a crash between claim and send: the claim is taken over after its lease and the notice goes out once', async () => {
    let crashed = 0;
    const season = await faultySeason(() => ({ onDynamoClient: dynamoFault((c, i) => (isClaim(c, i) && crashed++ === 0 ? 'after' : undefined)) }));
    const { takeovers } = expectLedger(season);
    expect(crashed).toBeGreaterThan(0);
    expect(takeovers).toBe(1);
  });

  it('a crash between send and mark: the claim is taken over after its lease; the one duplicate is counted', async () => {
    let crashed = 0;
    const season = await faultySeason(() => ({ onDynamoClient: dynamoFault((c, i) => (isMarkSent(c, i) && crashed++ === 0 ? 'before' : undefined)) }));
    const { takeovers } = expectLedger(season, { duplicates: 1 });
    expect(takeovers).toBe(1);
    expect(season.mails.filter((m) => m.destination.to[0] === hlve.email && m.subject.startsWith('Vandaag'))).toHaveLength(2);
  });

  it('StartExecution failing after a deadline change: the new deadline is saved, the reconciler starts its execution', async () => {
    const season = await faultySeason(
      () => ({}),
      async (clock, cloud) => {
        await clock.sleepUntil(new Date('2027-02-01T10:00:00Z'));
        const engine = cloud.deps.engine;
        const start = engine.startDeliverable;
        engine.startDeliverable = async () => {
          throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        };
        const extend = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027/deliverables/huuradvies`, {
          method: 'POST',
          headers: { authorization: `Bearer ${cloud.devToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ actie: 'verlengen', nieuweDatum: '2027-03-14', reden: 'HLVE vergadert later' }),
        });
        expect(extend.status).toBe(500);
        engine.startDeliverable = start;
      },
    );
    expect(season.records.instance.revision).toBe(1);
    expectLedger(season, {});
    expect(season.records.audit.some((a) => a.action === 'herinneringen hervat' && a.detail.revisie === 1)).toBe(true);
  });

  it('an execution aborted by hand: the reconciler starts the next generation and the season goes on', async () => {
    const season = await faultySeason(
      () => ({}),
      async (clock, cloud) => {
        await clock.sleepUntil(new Date('2027-02-15T10:00:00Z'));
        cloud.engine.abort(executionName(huuradvies));
      },
    );
    expectLedger(season);
    expect(season.records.audit.some((a) => a.action === 'herinneringen hervat' && a.detail.generatie === 1)).toBe(true);
  });

  it('an execution aborted by hand: the dashboard shows the reminders stopped, and the coordinator resumes them at once', async () => {
    const page = (cloud: { urls: { http: string }; devToken: string }) =>
      fetch(`${cloud.urls.http}/beheer/leusden/2027/leveringen/huuradvies`, { headers: { cookie: `beheer=${cloud.devToken}` } }).then((r) => r.text());
    const season = await faultySeason(
      () => ({}),
      async (clock, cloud) => {
        // Between two runs of the reconciler (every six hours from 10:00), so the page is the first to see it.
        await clock.sleepUntil(new Date('2027-02-15T12:00:00Z'));
        expect(await page(cloud)).not.toContain('zijn gestopt');
        cloud.engine.abort(executionName(huuradvies));
        const stopped = await page(cloud);
        expect(stopped).toContain('De herinneringen van deze levering zijn gestopt');
        const resumed = await postForm(`${cloud.urls.http}/beheer/leusden/2027/leveringen/huuradvies`, { formulier: formTokenOf(cloud.devToken), actie: 'hervatten' }, { headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `beheer=${cloud.devToken}` } });
        expect(resumed.status).toBe(303);
        expect(await page(cloud)).not.toContain('zijn gestopt');
      },
    );
    expectLedger(season);
    expect(season.records.audit.find((a) => a.action === 'herinneringen hervat')?.actor).toMatch(/^coördinator/);
  });

  it('the process killed and restarted mid-year: the reconciler resumes every instance where the ledger stands', async () => {
    const season = await faultySeason(
      () => ({}),
      async (clock, _cloud, restart) => {
        await clock.sleepUntil(new Date('2027-02-20T10:00:00Z'));
        await restart();
      },
    );
    expectLedger(season);
  });
});
