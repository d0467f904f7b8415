import { createHash } from 'node:crypto';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';

/** What a deliverable execution starts with; everything else is read from DynamoDB by Plan. */
export interface DeliverableExecutionInput {
  tenantId: string;
  year: number;
  instanceId: string;
  /** 0 for the first execution; each hand-over to a fresh execution adds one. */
  generation: number;
  /** The instance's timing revision this execution serves; a changed deadline supersedes it. */
  revision: number;
}

/**
 * What the execution actually receives: the engine adds the moment it starts it, by the clock the
 * handlers use, so Plan can hand over before the one-year limit (the local runtime's own
 * `$$.Execution.StartTime` is wall time, not the simulated clock's).
 */
export type StartedDeliverableInput = DeliverableExecutionInput & { startedAt: string };

/**
 * Which executions to stop: every generation of the revision from `generation` on (0 unless the
 * caller knows better), with the reason Step Functions shows for the stop.
 */
export type StopDeliverableInput = DeliverableExecutionInput & { cause: string };

/**
 * How many generations a stop looks at: as many as the reconciler ever starts (its MAX_GENERATIONS;
 * not imported from there, so that this adapter pulls no workflow code into the bundles).
 */
const MAX_GENERATIONS = 50;

export interface CycleExecutionInput {
  tenantId: string;
  year: number;
}

/** Starts executions: Step Functions in AWS, the local runtime locally. */
export interface WorkflowEngine {
  /** Starts at most once per name; returns false if an execution of that name already exists. */
  startDeliverable(input: DeliverableExecutionInput): Promise<boolean>;
  startCycle(input: CycleExecutionInput): Promise<boolean>;
  /** How the deliverable execution of this name stands; `MISSING` when none was ever started. */
  deliverableStatus(input: DeliverableExecutionInput): Promise<ExecutionStatus>;
  /**
   * Stops the running execution of an instance's revision, whichever generation it is: a closed
   * instance (submitted, waived) has nothing left to wait for. Harmless when it already ended or
   * never started; other errors are thrown, for the caller to log (the execution would end at its
   * next step anyway).
   */
  stopDeliverable(input: StopDeliverableInput): Promise<void>;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE' | 'MISSING';

/** Step Functions allows 80 characters; a longer name keeps its start and gets a hash of the whole. */
function limit(name: string): string {
  if (name.length <= 80) return name;
  return `${name.slice(0, 63)}-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

/** Deterministic, so that opening a cycle twice starts nothing twice. */
export function executionName(input: DeliverableExecutionInput): string {
  const revision = input.revision ? `-r${input.revision}` : '';
  const generation = input.generation ? `-g${input.generation}` : '';
  return limit(`${input.tenantId}-${input.year}-${input.instanceId}${revision}${generation}`);
}

export function cycleExecutionName(input: CycleExecutionInput): string {
  return limit(`open-${input.tenantId}-${input.year}`);
}

export class StepFunctionsEngine implements WorkflowEngine {
  constructor(
    private readonly sfn: SFNClient,
    /** The state machines this function may start, by ARN; a function starts only those it was given. */
    private readonly machines: { deliverable?: string; cycle?: string },
  ) {}

  startDeliverable(input: DeliverableExecutionInput): Promise<boolean> {
    const started: StartedDeliverableInput = { ...input, startedAt: new Date().toISOString() };
    return this.start(this.machines.deliverable, executionName(input), started);
  }

  startCycle(input: CycleExecutionInput): Promise<boolean> {
    return this.start(this.machines.cycle, cycleExecutionName(input), input);
  }

  async deliverableStatus(input: DeliverableExecutionInput): Promise<ExecutionStatus> {
    const machine = this.machines.deliverable;
    if (!machine) throw new Error('this function was given no ARN for the deliverable state machine');
    const executionArn = `${machine.replace(':stateMachine:', ':execution:')}:${executionName(input)}`;
    try {
      const out = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return (out.status ?? 'RUNNING') as ExecutionStatus;
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return 'MISSING';
      throw error;
    }
  }

  async stopDeliverable(input: StopDeliverableInput): Promise<void> {
    const machine = this.machines.deliverable;
    if (!machine) throw new Error('this function was given no ARN for the deliverable state machine');
    // At most one generation runs, the newest (a hand-over or a restart starts the next only once
    // the one before has ended); the walk stops at the first name never used. Stopping an ended
    // execution changes nothing, so no DescribeExecution is needed first: the common case, one
    // generation, is two calls.
    for (let generation = input.generation; generation < MAX_GENERATIONS; generation++) {
      const executionArn = `${machine.replace(':stateMachine:', ':execution:')}:${executionName({ ...input, generation })}`;
      try {
        await this.sfn.send(new StopExecutionCommand({ executionArn, cause: input.cause }));
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'ExecutionDoesNotExist') return;
        // An execution that ended already is passed over, should Step Functions refuse to stop it.
        if (name !== 'ValidationException') throw error;
      }
    }
  }

  private async start(stateMachineArn: string | undefined, name: string, input: object): Promise<boolean> {
    if (!stateMachineArn) throw new Error('this function was given no ARN for the state machine it tries to start');
    try {
      await this.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionAlreadyExists') return false;
      throw error;
    }
  }
}
