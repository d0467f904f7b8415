import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../functions/adapters/clock.js';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import { executionName, type DeliverableExecutionInput, type WorkflowEngine } from '../../functions/adapters/engine.js';

export const deliverableWorkflowPath = new URL('../../workflows/deliverable.asl.json', import.meta.url);

type TaskHandler = (input: unknown) => Promise<unknown>;
type JsonValue = ReturnType<typeof JSON.parse>;

/** Like Lambda, pass only JSON in and out: what does not survive serialisation fails here too. */
function asLambda(handler: TaskHandler) {
  return async (input: JsonValue): Promise<JsonValue> => JSON.parse(JSON.stringify((await handler(input)) ?? null));
}

export interface LocalEngineOptions {
  plan: TaskHandler;
  act: TaskHandler;
  clock: Clock;
  /** Called when an execution ends, with its outcome (for logs and tests). */
  onEnd?: (name: string, outcome: { status: 'SUCCEEDED' } | { status: 'FAILED'; error: string }) => void;
}

/**
 * Runs `workflows/deliverable.asl.json`, unchanged, in the local Step Functions runtime with the
 * handlers in-process. The runtime cannot wait on our clock (and overflows on waits over ~24.8
 * days), so its `WaitUntilNextAction` takes no time and the wait happens on the clock just before
 * Act runs: the simulated clock jumps there at once, the scaled clock sleeps the scaled time.
 */
export class LocalEngine implements WorkflowEngine {
  private readonly machine = new StateMachine(JSON.parse(readFileSync(deliverableWorkflowPath, 'utf8')));
  private readonly executions = new Map<string, { result: Promise<unknown>; abort: () => void }>();

  constructor(private readonly options: LocalEngineOptions) {}

  async startDeliverable(input: DeliverableExecutionInput): Promise<boolean> {
    const name = executionName(input);
    if (this.executions.has(name)) return false;
    const { clock, plan, act } = this.options;
    const simulated = clock instanceof SimulatedClock ? clock : undefined;
    simulated?.join();
    const json: JsonValue = JSON.parse(JSON.stringify(input));
    const execution = this.machine.run(json, {
      overrides: {
        taskResourceLocalHandlers: {
          Plan: asLambda(plan),
          Act: asLambda(async (actInput: unknown) => {
            const wakeAt = (actInput as { plan?: { wakeAt?: string } }).plan?.wakeAt;
            if (wakeAt) await clock.sleepUntil(new Date(wakeAt));
            return act(actInput);
          }),
        },
        waitTimeOverrides: { WaitUntilNextAction: 0 },
        retryIntervalOverrides: { Plan: 0, Act: 0 },
      },
      noThrowOnAbort: true,
      context: { Execution: { Name: name, Input: json, StartTime: clock.now().toISOString() } },
    });
    const result = execution.result.then(
      () => this.options.onEnd?.(name, { status: 'SUCCEEDED' }),
      (error: unknown) => this.options.onEnd?.(name, { status: 'FAILED', error: String((error as Error).name ?? error) }),
    );
    this.executions.set(name, { result: result.finally(() => simulated?.leave()), abort: execution.abort });
    return true;
  }

  /** Resolves when every execution started so far has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.executions.values()].map((e) => e.result));
  }

  stop(): void {
    for (const e of this.executions.values()) e.abort();
  }
}
