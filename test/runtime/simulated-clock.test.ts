import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';

const t = (iso: string) => new Date(`2027-01-${iso}Z`);
const realMs = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Work that spans many turns of the event loop: timers, file I/O and check-phase callbacks. */
async function busyWork(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await new Promise((r) => setImmediate(r));
    await readFile(new URL(import.meta.url));
    await realMs(2);
  }
}

describe('the simulated clock moves only when every participant sleeps', () => {
  it('counts a woken sleeper as busy until it sleeps again, however many awaits of I/O it takes to get going', async () => {
    const clock = new SimulatedClock(t('01T00:00:00'));
    const seen: string[] = [];
    const a = (async () => {
      clock.join();
      await clock.sleepUntil(t('02T07:00:00'));
      await busyWork(); // woken, resumed over several macrotasks before it acts
      seen.push(clock.now().toISOString());
      await busyWork();
      seen.push(clock.now().toISOString());
      await clock.sleepUntil(t('10T00:00:00'));
      clock.leave();
    })();
    const b = (async () => {
      clock.join();
      await clock.sleepUntil(t('02T08:00:00'));
      seen.push(`b ${clock.now().toISOString()}`);
      clock.leave();
    })();
    await Promise.all([a, b]);
    expect(seen).toEqual(['2027-01-02T07:00:00.000Z', '2027-01-02T07:00:00.000Z', 'b 2027-01-02T08:00:00.000Z']);
  });

  it('waits for a participant that joined but has not reached its first sleep, and for one awaiting something outside the clock', async () => {
    const clock = new SimulatedClock(t('01T00:00:00'));
    clock.join(); // a script
    const script = clock.sleepUntil(t('05T00:00:00'));
    clock.join(); // an execution that starts with a long task
    await busyWork(10);
    await realMs(50);
    expect(clock.now()).toEqual(t('01T00:00:00'));
    await clock.sleepUntil(t('03T00:00:00'));
    expect(clock.now()).toEqual(t('03T00:00:00'));
    clock.leave();
    await script;
    expect(clock.now()).toEqual(t('05T00:00:00'));
    clock.leave();
  });

  it('counts a participant with two sleeps at once (a retry while an earlier attempt sleeps) once', async () => {
    const clock = new SimulatedClock(t('01T00:00:00'));
    const execution = clock.join();
    const attempt1 = execution.sleepUntil(t('09T09:00:00'));
    const attempt2 = execution.sleepUntil(t('09T09:00:00'));
    clock.join(); // busy elsewhere: two sleeps of one execution must not pass for two sleepers
    await busyWork(5);
    expect(clock.now()).toEqual(t('01T00:00:00'));
    clock.leave();
    await Promise.all([attempt1, attempt2]);
    expect(clock.now()).toEqual(t('09T09:00:00'));
    execution.leave();
  });

  it('no longer counts a sleep whose participant left through its handle, or whose signal aborted', async () => {
    const clock = new SimulatedClock(t('01T00:00:00'));
    const aborted = clock.join();
    const stop = new AbortController();
    const cancelled = aborted.sleepUntil(t('02T00:00:00'), stop.signal);
    const left = clock.join();
    void left.sleepUntil(t('03T00:00:00'));
    left.leave(); // as an execution stopped while it waited
    stop.abort(new Error('stopped'));
    await expect(cancelled).rejects.toThrow('stopped');
    // The aborted one works on: neither its cancelled sleep nor the one left behind stands in for it.
    await busyWork(5);
    expect(clock.now()).toEqual(t('01T00:00:00'));
    await aborted.sleepUntil(t('04T00:00:00'));
    expect(clock.now()).toEqual(t('04T00:00:00'));
    aborted.leave();
  });

  it('looks twice: a participant that joins in the same turn of the event loop, after the first look, holds the clock', async () => {
    const clock = new SimulatedClock(t('01T00:00:00'));
    clock.join();
    const sleeping = clock.sleepUntil(t('02T00:00:00'));
    // Fires right after the clock's first look, before its second: an HTTP handler starting an execution.
    let late: ReturnType<SimulatedClock['join']> | undefined;
    setTimeout(() => (late = clock.join()), 0);
    // Both timers (the clock's first look, then the join) have expired before the event loop takes its
    // time, so they run in the same pass in that order, however busy the machine: without this wait a
    // pause between the two setTimeout calls could let the second look run before the join is due.
    const until = performance.now() + 5;
    while (performance.now() < until) {
      // wait, on purpose without yielding
    }
    await realMs(30);
    expect(late).toBeDefined();
    expect(clock.now()).toEqual(t('01T00:00:00'));
    late!.leave();
    await sleeping;
    expect(clock.now()).toEqual(t('02T00:00:00'));
    clock.leave();
  });

  it('warns when a sleep outlived its anonymous participant, the one miscount it cannot correct', async () => {
    const clock = new SimulatedClock(t('01T00:00:00'));
    const warnings: string[] = [];
    const onWarning = (w: Error) => w.name === 'SimulatedClockWarning' && warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      clock.join();
      void clock.sleepUntil(t('02T00:00:00'));
      clock.leave(); // left without its handle while asleep
      clock.join();
      await clock.sleepUntil(t('03T00:00:00'));
      await realMs(10);
      expect(warnings).toEqual(['2 sleepers for 1 participants: a sleep outlived its participant']);
      clock.leave();
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('runs participate() work as a participant whose sleeps go through its handle', async () => {
    const clock = new SimulatedClock(t('01T00:00:00'));
    const at = await clock.participate(async (me) => {
      await me.sleepUntil(t('07T12:00:00'));
      return clock.now();
    });
    expect(at).toEqual(t('07T12:00:00'));
  });
});
