import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../functions/adapters/clock.js';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import {
  cycleExecutionName,
  executionName,
  type CycleExecutionInput,
  type DeliverableExecutionInput,
  type StartedDeliverableInput,
  type WorkflowEngine,
} from '../../functions/adapters/engine.js';

export const deliverableWorkflowPath = new URL('../../workflows/deliverable.asl.json', import.meta.url);
export const cycleWorkflowPath = new URL('../../workflows/cycle.asl.json', import.meta.url);

export type TaskHandler = (input: unknown) => Promise<unknown>;
type JsonValue = ReturnType<typeof JSON.parse>;

/** The Lambda tasks of both workflows, by state name. */
export interface LocalTasks {
  Plan: TaskHandler;
  Act: TaskHandler;
  HandOver: TaskHandler;
  Materialise: TaskHandler;
  StartDeliverable: TaskHandler;
  SendCalendars: TaskHandler;
}

export interface ExecutionRecord {
  name: string;
  machine: 'deliverable' | 'cycle';
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  error?: string;
  output?: unknown;
}

/**
 * Retry pauses in milliseconds, one per retrier of the state (the runtime takes one fixed pause per
 * retrier): short, since local waits are real, but not zero, so a busy DynamoDB Local can recover.
 */
const backoff = [0, 50, 250];

/** Like Lambda, pass only JSON in and out: what does not survive serialisation fails here too. */
function asLambda(handler: TaskHandler) {
  return async (input: JsonValue): Promise<JsonValue> => JSON.parse(JSON.stringify((await handler(input)) ?? null));
}

/**
 * Runs `workflows/*.asl.json`, unchanged, in the local Step Functions runtime with the handlers
 * in-process. The runtime cannot wait on our clock (and overflows on waits over ~24.8 days), so its
 * Wait states take no time and the wait happens on the clock just before the task that follows:
 * the simulated clock jumps there at once, the scaled clock sleeps the scaled time.
 */
export class LocalEngine implements WorkflowEngine {
  private readonly machines = {
    deliverable: new StateMachine(JSON.parse(readFileSync(deliverableWorkflowPath, 'utf8'))),
    cycle: new StateMachine(JSON.parse(readFileSync(cycleWorkflowPath, 'utf8'))),
  };
  private readonly executions = new Map<string, { record: ExecutionRecord; result: Promise<void>; abort: () => void }>();

  constructor(private readonly options: { clock: Clock; tasks: LocalTasks }) {}

  startDeliverable(input: DeliverableExecutionInput): Promise<boolean> {
    const started: StartedDeliverableInput = { ...input, startedAt: this.options.clock.now().toISOString() };
    return this.start('deliverable', executionName(input), started);
  }

  startCycle(input: CycleExecutionInput): Promise<boolean> {
    return this.start('cycle', cycleExecutionName(input), input);
  }

  /** Every execution started so far, as the Step Functions console would list them. */
  list(): ExecutionRecord[] {
    return [...this.executions.values()].map((e) => ({ ...e.record }));
  }

  /** Resolves when every execution has ended, including those started meanwhile. */
  async settled(): Promise<void> {
    let count = -1;
    while (count !== this.executions.size) {
      count = this.executions.size;
      await Promise.all([...this.executions.values()].map((e) => e.result));
    }
  }

  /** Resolves when the named execution has ended, with its record. */
  async ended(name: string): Promise<ExecutionRecord> {
    const execution = this.executions.get(name);
    if (!execution) throw new Error(`no execution ${name}`);
    await execution.result;
    return { ...execution.record };
  }

  stop(): void {
    for (const e of this.executions.values()) {
      if (e.record.status === 'RUNNING') e.record.status = 'ABORTED';
      e.abort();
    }
  }

  private async start(machine: 'deliverable' | 'cycle', name: string, input: object): Promise<boolean> {
    if (this.executions.has(name)) return false;
    const { clock, tasks } = this.options;
    const simulated = clock instanceof SimulatedClock ? clock : undefined;
    simulated?.join();
    const afterWait = (task: TaskHandler) =>
      asLambda(async (taskInput: unknown) => {
        const wakeAt = (taskInput as { plan?: { wakeAt?: string } }).plan?.wakeAt;
        if (wakeAt) await clock.sleepUntil(new Date(wakeAt));
        return task(taskInput);
      });
    const json: JsonValue = JSON.parse(JSON.stringify(input));
    type Overrides = NonNullable<Parameters<StateMachine['run']>[1]>['overrides'];
    const overrides: Overrides =
      machine === 'deliverable'
        ? {
            taskResourceLocalHandlers: { Plan: asLambda(tasks.Plan), Act: afterWait(tasks.Act), HandOver: afterWait(tasks.HandOver) },
            waitTimeOverrides: { WaitUntilNextAction: 0, WaitUntilHandOver: 0 },
            retryIntervalOverrides: { Plan: backoff, Act: backoff, HandOver: backoff },
          }
        : {
            taskResourceLocalHandlers: {
              Materialise: asLambda(tasks.Materialise),
              StartDeliverable: asLambda(tasks.StartDeliverable),
              SendCalendars: asLambda(tasks.SendCalendars),
            },
            retryIntervalOverrides: { Materialise: backoff, StartDeliverable: backoff, SendCalendars: backoff },
          };
    const execution = this.machines[machine].run(json, {
      overrides,
      noThrowOnAbort: true,
      context: { Execution: { Name: name, Input: json, StartTime: clock.now().toISOString() } },
    });
    const record: ExecutionRecord = { name, machine, status: 'RUNNING' };
    const result = execution.result
      .then(
        (output) => {
          if (record.status === 'RUNNING') record.status = 'SUCCEEDED';
          record.output = output;
        },
        (error: unknown) => {
          record.status = 'FAILED';
          const cause = (error as Error).cause as Error | undefined;
          record.error = cause ? `${cause.name}: ${cause.message}` : String((error as Error).name ?? error);
        },
      )
      .finally(() => simulated?.leave());
    this.executions.set(name, { record, result, abort: execution.abort });
    return true;
  }
}
