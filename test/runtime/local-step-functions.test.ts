import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import { LocalStepFunctions, type TaskHandler } from '../../infra/local/step-functions.js';

const arn = 'arn:aws:states:eu-west-1:000000000000:stateMachine:test';

/** Wait until `$.at`, then one task, as the deliverable machine waits before Act. */
function machine(task: TaskHandler, taskState: Record<string, unknown> = {}) {
  return {
    name: 'test',
    arn,
    definition: {
      StartAt: 'Wait',
      States: {
        Wait: { Type: 'Wait', TimestampPath: '$.at', Next: 'Act' },
        Act: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:000000000000:function:Act', End: true, ...taskState },
      },
    },
    task: () => task,
  };
}

const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the local Step Functions runtime', () => {
  it('an execution aborted while it waits runs no task, and leaves no wait behind that moves the clock', async () => {
    const clock = new SimulatedClock(new Date('2027-01-01T00:00:00Z'));
    const runs: unknown[] = [];
    const runtime = new LocalStepFunctions(clock);
    runtime.register(machine(async (input) => (runs.push(input), {})));
    const script = clock.join();
    expect(runtime.start(arn, 'aborted', { at: '2027-01-10T00:00:00Z' })).toBe(true);
    await realPause(20);
    runtime.abort('aborted');
    expect((await runtime.ended('aborted')).status).toBe('ABORTED');
    // The script is busy (not asleep): the aborted wait must not stand in for it and move the clock.
    await realPause(50);
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    await script.sleepUntil(new Date('2027-01-20T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-01-20T00:00:00.000Z');
    script.leave();
    expect(runs).toEqual([]);
  });

  it('a stopped runtime starts no task that was waiting for its moment', async () => {
    const clock = new SimulatedClock(new Date('2027-01-01T00:00:00Z'));
    const runs: unknown[] = [];
    const runtime = new LocalStepFunctions(clock);
    runtime.register(machine(async (input) => (runs.push(input), {})));
    runtime.start(arn, 'one', { at: '2027-02-01T00:00:00Z' });
    runtime.start(arn, 'two', { at: '2027-03-01T00:00:00Z' });
    runtime.stop();
    await runtime.settled();
    expect(runtime.list().map((e) => e.status)).toEqual(['ABORTED', 'ABORTED']);
    expect(runs).toEqual([]);
  });

  it('a task attempt that times out is awaited before its retry: two attempts never run side by side', async () => {
    const clock = new SimulatedClock(new Date('2027-01-01T00:00:00Z'));
    let running = 0;
    let most = 0;
    let attempts = 0;
    const runtime = new LocalStepFunctions(clock);
    runtime.register(
      machine(
        async () => {
          attempts++;
          running++;
          most = Math.max(most, running);
          // The first attempt outlives its 1 s timeout; the retry is quick.
          await realPause(attempts === 1 ? 1_500 : 0);
          running--;
          return { attempt: attempts };
        },
        { TimeoutSeconds: 1, Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1 }] },
      ),
    );
    runtime.start(arn, 'slow', { at: '2027-01-01T00:00:00Z' });
    const ended = await runtime.ended('slow');
    expect(ended.status).toBe('SUCCEEDED');
    expect(ended.output).toEqual({ attempt: 2 });
    expect(most).toBe(1);
  });
});
