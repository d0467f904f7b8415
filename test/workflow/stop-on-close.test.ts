import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedClock } from '../../functions/adapters/clock.js';
import type { TaskHandler } from '../../infra/local/engine.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { deadlineMails, formKeyIn, hlve, huuradviesSeason, linkIn, postForm } from '../support.js';

/**
 * Closing an instance ends its execution at once, not at its next wake-up: a submission or a
 * waiver stops it (StopExecution), no notice and no Act follows, and the reconciler, which restarts
 * every stopped execution of an open instance, leaves it stopped.
 */
let cloud: LocalCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

const huuradvies = 'leusden-2027-huuradvies';
const executions = (c: LocalCloud) => c.engine.list().filter((e) => e.machine === 'deliverable').map((e) => `${e.name} ${e.status}`);

/** The season, with every Act run after `closedAt` (once set) counted. */
function season(script: (clock: SimulatedClock, c: LocalCloud, closed: (at: Date) => void) => Promise<void>) {
  let closedAt: Date | undefined;
  const actsAfter: string[] = [];
  let clock: SimulatedClock | undefined;
  const run = huuradviesSeason({
    started: (c) => (cloud = c),
    wrapAct: (act: TaskHandler) => async (input) => {
      if (closedAt && clock!.now() > closedAt) {
        const { revision, step } = input as { revision: number; step: { slotId?: string } };
        actsAfter.push(`r${revision} ${step.slotId}`);
      }
      return act(input);
    },
    script: async (k, c) => {
      clock = k;
      await script(k, c, (at) => (closedAt = at));
    },
  });
  return run.then((result) => ({ ...result, actsAfter }));
}

async function submitThroughLink(c: LocalCloud, advies: string): Promise<number> {
  const link = linkIn((await deadlineMails(c.urls.ses)).find((m) => m.destination.to[0] === hlve.email)!);
  const form = await (await fetch(link)).text();
  return (await postForm(link, { formKey: formKeyIn(form), standpunt: 'positief', advies, naam: hlve.name, namens: 'HLVE' })).status;
}

async function waive(c: LocalCloud, reden: string): Promise<number> {
  const res = await fetch(`${c.urls.http}/api/tenants/leusden/cycles/2027/deliverables/huuradvies`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.devToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ actie: 'vrijstellen', reden }),
  });
  return res.status;
}

describe('closing an instance stops its execution', () => {
  it('a submission through the link: ABORTED at once, no notice or Act after it, never restarted', async () => {
    const submittedAt = new Date('2027-02-15T10:00:00Z');
    const { records, actsAfter } = await season(async (clock, c, closed) => {
      await clock.sleepUntil(submittedAt);
      expect(executions(c)).toEqual([`${huuradvies} RUNNING`]);
      closed(clock.now());
      expect(await submitThroughLink(c, 'Wij kunnen instemmen met de voorgestelde huursomaanpassing.')).toBe(303);
      // Stopped by the POST itself, while the clock still stands at the submission.
      expect(clock.now()).toEqual(submittedAt);
      expect(executions(c)).toEqual([`${huuradvies} ABORTED`]);
      expect((await c.reconcile([2027])).restarted).toEqual([]);
      // Later in the year (past the deadline and every escalation) the reconciler still leaves it be.
      await clock.sleepUntil(new Date('2027-04-01T10:00:00Z'));
      expect(await c.reconcile([2027])).toMatchObject({ checked: 0, restarted: [] });
      expect(executions(c)).toEqual([`${huuradvies} ABORTED`]);
    });
    expect(records.instance.status).toBe('ingediend');
    expect(actsAfter).toEqual([]);
    const reminders = records.notices.filter((n) => !n.slotId.startsWith('doorsturen-'));
    expect(reminders.map((n) => n.slotId).sort()).toEqual(['reminder-14d', 'reminder-28d']);
    expect(reminders.every((n) => new Date(n.sentAt!) < submittedAt)).toBe(true);
    expect(records.audit.filter((a) => a.action === 'herinneringen hervat')).toEqual([]);
  });

  it('a waiver: ABORTED at once, no notice or Act after it, never restarted', async () => {
    const waivedAt = new Date('2027-02-16T12:00:00Z');
    const { records, mails, actsAfter } = await season(async (clock, c, closed) => {
      await clock.sleepUntil(waivedAt);
      closed(clock.now());
      expect(await waive(c, 'Dit jaar geen huurverhoging')).toBe(200);
      expect(executions(c)).toEqual([`${huuradvies} ABORTED`]);
      expect((await c.reconcile([2027])).restarted).toEqual([]);
      await clock.sleepUntil(new Date('2027-04-01T10:00:00Z'));
      expect((await c.reconcile([2027])).restarted).toEqual([]);
    });
    expect(records.instance.status).toBe('vrijgesteld');
    expect(actsAfter).toEqual([]);
    expect(records.notices.map((n) => n.slotId).sort()).toEqual(['reminder-14d', 'reminder-28d']);
    expect(mails.filter((m) => m.destination.to[0] === hlve.email).map((m) => m.subject)).toEqual(Array(2).fill('Herinnering: Huuradvies over de jaarlijkse huursomaanpassing uiterlijk zondag 28 februari 2027'));
    expect(executions(cloud!)).toEqual([`${huuradvies} ABORTED`]);
  });

  it('stops the generation that runs after a restart, and stops nothing for a resubmission', async () => {
    const stops: string[] = [];
    await season(async (clock, c) => {
      const stop = c.deps.engine.stopDeliverable;
      c.deps.engine.stopDeliverable = async (input) => {
        stops.push(`${input.instanceId} r${input.revision} ${input.cause}`);
        return stop(input);
      };
      await clock.sleepUntil(new Date('2027-02-10T10:00:00Z'));
      // An operator stops it by hand; the reconciler starts generation 1.
      c.engine.abort(huuradvies);
      expect((await c.reconcile([2027])).restarted).toEqual([expect.objectContaining({ instanceId: 'huuradvies', generation: 1 })]);
      expect(executions(c)).toEqual([`${huuradvies} ABORTED`, `${huuradvies}-g1 RUNNING`]);
      expect(await submitThroughLink(c, 'Eerste versie van het advies.')).toBe(303);
      expect(executions(c)).toEqual([`${huuradvies} ABORTED`, `${huuradvies}-g1 ABORTED`]);
      // A second version of a closed instance: nothing left to stop, no call made.
      expect(await submitThroughLink(c, 'Tweede versie van het advies.')).toBe(303);
      // Stopping what ended or never existed is harmless.
      await expect(c.engine.stopDeliverable({ tenantId: 'leusden', year: 2027, instanceId: 'huuradvies', generation: 0, revision: 0, cause: 'nog eens' })).resolves.toBeUndefined();
      await expect(c.engine.stopDeliverable({ tenantId: 'leusden', year: 2027, instanceId: 'bestaat-niet', generation: 0, revision: 0, cause: 'x' })).resolves.toBeUndefined();
    });
    expect(stops).toEqual(['huuradvies r0 ingediend']);
    expect(executions(cloud!)).toEqual([`${huuradvies} ABORTED`, `${huuradvies}-g1 ABORTED`]);
  });

  it('keeps the submission when the stop fails: the execution then ends at its next step', async () => {
    const { records } = await season(async (clock, c) => {
      c.deps.engine.stopDeliverable = async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      };
      await clock.sleepUntil(new Date('2027-02-15T10:00:00Z'));
      expect(await submitThroughLink(c, 'Wij kunnen instemmen met de voorgestelde huursomaanpassing.')).toBe(303);
      expect(executions(c)).toEqual([`${huuradvies} RUNNING`]);
    });
    expect(records.instance.status).toBe('ingediend');
    expect(records.notices.filter((n) => !n.slotId.startsWith('doorsturen-')).map((n) => n.slotId).sort()).toEqual(['reminder-14d', 'reminder-28d']);
    expect(executions(cloud!)).toEqual([`${huuradvies} SUCCEEDED`]);
  });

  it('an extension stops the revision it supersedes at once; the new one sends the reminders for the new date', async () => {
    const extendedAt = new Date('2027-02-16T12:00:00Z');
    const { records, actsAfter } = await season(async (clock, c, closed) => {
      await clock.sleepUntil(extendedAt);
      closed(clock.now());
      const res = await fetch(`${c.urls.http}/api/tenants/leusden/cycles/2027/deliverables/huuradvies`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.devToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ actie: 'verlengen', nieuweDatum: '2027-03-14', reden: 'HLVE vergadert later' }),
      });
      expect(res.status).toBe(200);
      expect(executions(c)).toEqual([`${huuradvies} ABORTED`, `${huuradvies}-r1 RUNNING`]);
    });
    expect(records.instance.revision).toBe(1);
    // Only the new revision's execution acted after the extension: no Act of the old one woke up.
    expect(actsAfter.length).toBeGreaterThan(0);
    expect(actsAfter.filter((a) => !a.startsWith('r1 '))).toEqual([]);
    expect(actsAfter).toContain('r1 r1-due-today');
    expect(executions(cloud!)).toEqual([`${huuradvies} ABORTED`, `${huuradvies}-r1 SUCCEEDED`]);
  });
});
