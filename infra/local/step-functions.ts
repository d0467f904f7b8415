import { StateMachine } from 'aws-local-stepfunctions';
import { SimulatedClock, type Clock } from '../../functions/adapters/clock.js';

export type TaskHandler = (input: unknown) => Promise<unknown>;
type JsonValue = ReturnType<typeof JSON.parse>;
type Retrier = { ErrorEquals: string[]; IntervalSeconds?: number; BackoffRate?: number; MaxDelaySeconds?: number; JitterStrategy?: string };
type State = { Type: string; Next?: string; TimestampPath?: string; TimeoutSeconds?: number; Retry?: Retrier[]; Resource?: string; ItemProcessor?: Definition; Iterator?: Definition };
type Definition = { States: Record<string, State> } & Record<string, unknown>;

export interface ExecutionRecord {
  name: string;
  machine: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  error?: string;
  output?: unknown;
}

interface TaskState {
  name: string;
  task: TaskHandler;
  /** The TimestampPath of the Wait state before it, if any: the task sleeps until then first. */
  wakePath: string | undefined;
  timeoutMs: number;
  /** Retriers for errors the task throws on purpose, to wait (NoticesDeferred): timed on the clock. */
  signals: Retrier[];
}

/**
 * A retrier that names only the task's own errors (none of `States.*`, `Lambda.*`) is how the
 * workflow waits for something outside it (SES taking mail again), for minutes or hours: its pauses
 * are taken on the clock, as AWS computes them (IntervalSeconds × BackoffRate^n, at most
 * MaxDelaySeconds, FULL jitter). Retriers for faults keep the short real pauses of BACKOFF.
 */
const isSignal = (r: Retrier) => r.ErrorEquals.every((e) => !e.startsWith('States.') && !e.startsWith('Lambda.')) && r.IntervalSeconds !== undefined;

/** The runtime's pause per retrier: BACKOFF in turn for the fault retriers, none for signals (taken on the clock). */
function faultPauses(retriers: Retrier[]): number[] {
  let fault = 0;
  return retriers.map((r) => (isSignal(r) ? 0 : BACKOFF[Math.min(fault++, BACKOFF.length - 1)]!));
}

function signalPauseMs(r: Retrier, retries: number): number {
  const ms = Math.min((r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** retries, r.MaxDelaySeconds ?? Infinity) * 1000;
  return r.JitterStrategy === 'FULL' ? Math.random() * ms : ms;
}

/** A state machine to run: its definition (substitutions applied) and the handler of each Task state. */
export interface MachineSpec {
  /** A short name for the records (`deliverable`, `cycle`), and the ARN it is started by. */
  name: string;
  arn: string;
  definition: Definition;
  task(stateName: string, resource: string): TaskHandler;
}

/**
 * Retry pauses in milliseconds, one per retrier of the state (the runtime takes one fixed pause per
 * retrier): short, since local waits are real, but not zero, so a busy DynamoDB Local can recover.
 */
const BACKOFF = [0, 50, 250, 1000];

/** Step Functions' own default for a Task without TimeoutSeconds is 60 s (the local runtime's too). */
const DEFAULT_TASK_TIMEOUT_S = 60;

/** Below setTimeout's 24.8-day limit: the runtime's own timer never fires; ours (below) does. */
const RUNTIME_TIMEOUT_S = 2_000_000;

/** The definitions the runtime has validated in this process (by their text, substitutions applied). */
const validated = new Set<string>();

/** Every state of a definition, those of Map iterators included. */
function statesOf(definition: Definition): [string, State][] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const inner = state.ItemProcessor ?? state.Iterator;
    return [[name, state] as [string, State], ...(inner ? statesOf(inner) : [])];
  });
}

/** `$.plan.wakeAt` read from a state's input. */
function readPath(input: unknown, path: string): unknown {
  return path.replace(/^\$\.?/, '').split('.').filter(Boolean).reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], input);
}

/**
 * Runs state machine definitions, unchanged in their flow, in the local Step Functions runtime
 * (aws-local-stepfunctions). It cannot wait on our clock (and overflows on waits over ~24.8 days),
 * so a Wait state takes no time and the wait happens on the clock before the task that follows it,
 * outside that task's timeout: the simulated clock jumps there at once, the scaled clock sleeps the
 * scaled time. Each task attempt gets the state's TimeoutSeconds (60 s by default), as in AWS; an
 * attempt that timed out is awaited before its retry starts, so two never run side by side.
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, { spec: MachineSpec; runner: StateMachine; tasks: TaskState[] }>();
  private readonly executions = new Map<string, { record: ExecutionRecord; result: Promise<void>; abort: () => void }>();
  /** Once stopped (the process ends), a task that was waiting for its moment never starts. */
  private stopped = false;

  constructor(private readonly clock: Clock) {}

  register(spec: MachineSpec): void {
    const definition = structuredClone(spec.definition);
    const states = statesOf(definition);
    const waitBefore = new Map(states.filter(([, s]) => s.Type === 'Wait' && s.Next && s.TimestampPath).map(([, s]) => [s.Next!, s.TimestampPath!]));
    const tasks: TaskState[] = states
      .filter(([, s]) => s.Type === 'Task')
      .map(([name, state]) => {
        const timeoutMs = (state.TimeoutSeconds ?? DEFAULT_TASK_TIMEOUT_S) * 1000;
        state.TimeoutSeconds = RUNTIME_TIMEOUT_S;
        return { name, task: spec.task(name, state.Resource ?? ''), wakePath: waitBefore.get(name), timeoutMs, signals: (state.Retry ?? []).filter(isSignal) };
      });
    // The runtime validates a definition against the ASL schema (ajv, most of a second of CPU): once
    // per definition per process, not at every start of a local cloud.
    const text = JSON.stringify(definition);
    const runner = new StateMachine(definition as never, { validationOptions: { noValidate: validated.has(text) } });
    validated.add(text);
    this.machines.set(spec.arn, { spec, runner, tasks });
  }

  /**
   * The handlers of one execution. Its waits listen to `signal`: an execution aborted (or a runtime
   * stopped) while it waits leaves no sleep behind on the clock, and its task never starts.
   */
  private handlersFor(tasks: TaskState[], signal: AbortSignal): Record<string, (input: JsonValue) => Promise<JsonValue>> {
    return Object.fromEntries(tasks.map((t) => [t.name, this.attempts(t, signal)]));
  }

  private attempts({ task, wakePath, timeoutMs, signals }: TaskState, signal: AbortSignal) {
    // A retry gets the same input as the attempt before it: the attempt still running is found by it.
    const running = new Map<string, Promise<unknown>>();
    // Per input, the signal retries so far and the moment the next attempt may start.
    const signalled = new Map<string, { retries: number[]; notBefore: number }>();
    return async (input: JsonValue): Promise<JsonValue> => {
      const key = JSON.stringify(input);
      const pause = signalled.get(key);
      const wakeAt = pause ? new Date(pause.notBefore).toISOString() : wakePath ? readPath(input, wakePath) : undefined;
      if (typeof wakeAt === 'string') await this.clock.sleepUntil(new Date(wakeAt), signal);
      if (this.stopped || signal.aborted) throw Object.assign(new Error('the execution was stopped'), { name: 'States.Runtime' });
      await running.get(key)?.catch(() => undefined);
      const attempt = Promise.resolve().then(() => task(input));
      running.set(key, attempt);
      void attempt.finally(() => running.get(key) === attempt && running.delete(key)).catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(Object.assign(new Error('Task timed out'), { name: 'States.Timeout' })), timeoutMs);
      });
      try {
        // Like Lambda, only JSON goes in and out: what does not survive serialisation fails here too.
        const output = JSON.parse(JSON.stringify((await Promise.race([attempt, timedOut])) ?? null));
        signalled.delete(key);
        return output;
      } catch (error) {
        const i = signals.findIndex((r) => r.ErrorEquals.includes((error as Error).name));
        if (i >= 0) {
          const retries = pause?.retries ?? signals.map(() => 0);
          signalled.set(key, { retries: retries.map((n, j) => (j === i ? n + 1 : n)), notBefore: this.clock.now().getTime() + signalPauseMs(signals[i]!, retries[i]!) });
        }
        throw error;
      } finally {
        clearTimeout(timer);
      }
    };
  }

  /** Starts at most once per name, as Step Functions does; false when the name was used. */
  start(arn: string, name: string, input: object): boolean {
    const machine = this.machines.get(arn);
    if (!machine) throw Object.assign(new Error(`no state machine ${arn}`), { name: 'StateMachineDoesNotExist' });
    if (this.executions.has(name)) return false;
    const simulated = this.clock instanceof SimulatedClock ? this.clock : undefined;
    simulated?.join();
    const json: JsonValue = JSON.parse(JSON.stringify(input));
    const states = statesOf(machine.spec.definition);
    const stopped = new AbortController();
    const execution = machine.runner.run(json, {
      overrides: {
        taskResourceLocalHandlers: this.handlersFor(machine.tasks, stopped.signal),
        waitTimeOverrides: Object.fromEntries(states.filter(([, s]) => s.Type === 'Wait').map(([n]) => [n, 0])),
        retryIntervalOverrides: Object.fromEntries(states.filter(([, s]) => s.Retry).map(([n, s]) => [n, faultPauses(s.Retry!)])),
      },
      noThrowOnAbort: true,
      context: { Execution: { Name: name, Input: json, StartTime: this.clock.now().toISOString() } },
    });
    const record: ExecutionRecord = { name, machine: machine.spec.name, status: 'RUNNING' };
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
      // Once it has ended nothing of it runs on: the runtime leaves Map iterations still queued
      // behind a failed one, and AWS would not start them.
      .finally(() => {
        stopped.abort(Object.assign(new Error('the execution has ended'), { name: 'States.Runtime' }));
        simulated?.leave();
      });
    const abort = () => {
      stopped.abort(Object.assign(new Error('the execution was stopped'), { name: 'States.Runtime' }));
      execution.abort();
    };
    this.executions.set(name, { record, result, abort });
    return true;
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

  /** Aborts one execution, as StopExecution does (an operator's "Stop execution" in the console). */
  abort(name: string): void {
    const e = this.executions.get(name);
    if (!e || e.record.status !== 'RUNNING') return;
    e.record.status = 'ABORTED';
    e.abort();
  }

  stop(): void {
    this.stopped = true;
    for (const e of this.executions.values()) {
      if (e.record.status === 'RUNNING') e.record.status = 'ABORTED';
      e.abort();
    }
  }
}
