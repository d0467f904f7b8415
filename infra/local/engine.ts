import { readFileSync } from 'node:fs';
import type { Clock } from '../../functions/adapters/clock.js';
import {
  cycleExecutionName,
  executionName,
  type CycleExecutionInput,
  type DeliverableExecutionInput,
  type ExecutionStatus,
  type StartedDeliverableInput,
  type StopDeliverableInput,
  type WorkflowEngine,
} from '../../functions/adapters/engine.js';
import { LocalStepFunctions, type ExecutionRecord, type TaskHandler } from './step-functions.js';

export type { ExecutionRecord, TaskHandler } from './step-functions.js';

export const deliverableWorkflowPath = new URL('../../workflows/deliverable.asl.json', import.meta.url);
export const cycleWorkflowPath = new URL('../../workflows/cycle.asl.json', import.meta.url);

/** The Lambda tasks of both workflows, by state name. */
export interface LocalTasks {
  Plan: TaskHandler;
  Act: TaskHandler;
  Materialise: TaskHandler;
  StartDeliverables: TaskHandler;
  SendCalendars: TaskHandler;
}

const DELIVERABLE = 'local:deliverable';
const CYCLE = 'local:cycle';

/**
 * Runs `workflows/*.asl.json`, unchanged, in the local Step Functions runtime with the handlers
 * in-process, as the engine the handlers start executions with.
 */
export class LocalEngine implements WorkflowEngine {
  private readonly runtime: LocalStepFunctions;

  constructor(private readonly options: { clock: Clock; tasks: LocalTasks }) {
    this.runtime = new LocalStepFunctions(options.clock);
    const task = (state: string) => {
      const handler = options.tasks[state as keyof LocalTasks];
      if (!handler) throw new Error(`no local handler for task ${state}`);
      return handler;
    };
    this.runtime.register({ name: 'deliverable', arn: DELIVERABLE, definition: JSON.parse(readFileSync(deliverableWorkflowPath, 'utf8')), task });
    this.runtime.register({ name: 'cycle', arn: CYCLE, definition: JSON.parse(readFileSync(cycleWorkflowPath, 'utf8')), task });
  }

  async startDeliverable(input: DeliverableExecutionInput): Promise<boolean> {
    const started: StartedDeliverableInput = { ...input, startedAt: this.options.clock.now().toISOString() };
    return this.runtime.start(DELIVERABLE, executionName(input), started);
  }

  async startCycle(input: CycleExecutionInput): Promise<boolean> {
    return this.runtime.start(CYCLE, cycleExecutionName(input), input);
  }

  async deliverableStatus(input: DeliverableExecutionInput): Promise<ExecutionStatus> {
    const name = executionName(input);
    const record = this.runtime.list().find((e) => e.name === name);
    return record ? record.status : 'MISSING';
  }

  /** As StopExecution does, generation after generation until a name that was never used. */
  async stopDeliverable(input: StopDeliverableInput): Promise<void> {
    const started = new Set(this.runtime.list().map((e) => e.name));
    for (let generation = input.generation; started.has(executionName({ ...input, generation })); generation++) {
      this.runtime.abort(executionName({ ...input, generation }));
    }
  }

  /** Every execution started so far, as the Step Functions console would list them. */
  list(): ExecutionRecord[] {
    return this.runtime.list();
  }

  /** Resolves when every execution has ended, including those started meanwhile. */
  settled(): Promise<void> {
    return this.runtime.settled();
  }

  /** Resolves when the named execution has ended, with its record. */
  ended(name: string): Promise<ExecutionRecord> {
    return this.runtime.ended(name);
  }

  /** Aborts one execution by name, as an operator can in the console. */
  abort(name: string): void {
    this.runtime.abort(name);
  }

  stop(): void {
    this.runtime.stop();
  }
}
