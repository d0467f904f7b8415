/**
 * What the benchmarks count, from the real clients rather than estimates:
 * - every DynamoDB command, by an SDK middleware on the store's client (`countCalls`, given to the
 *   local cloud's `onDynamoClient`; or `hookDocumentClients`, which adds the same middleware to
 *   every document client on its first command, for code that makes its own cloud such as
 *   `simulateYear`), with the bytes of the items it returned (their JSON size);
 * - every task run of the local Step Functions runtime (which task, its input and output, and the
 *   commands it sent, attributed through AsyncLocalStorage so concurrent work is not mixed in);
 * - state transitions, from the runtime's execution event logs (each state entered, each retry).
 *
 * Also the small helpers the scripts share: percentiles and the `SUMMARY key=value` line that
 * bench/summary.ts collects.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';

export interface Call {
  command: string;
  /** The task (Plan, Act, …) that sent it, or undefined for a request, the script or a driver. */
  task?: string;
  /** JSON size of the items returned (Item, Items, Responses). */
  bytes: number;
  input: unknown;
}

export interface TaskRun {
  task: string;
  input: unknown;
  output?: unknown;
  failed?: boolean;
  calls: Call[];
}

const scope = new AsyncLocalStorage<TaskRun>();

export const recorded = {
  calls: [] as Call[],
  tasks: [] as TaskRun[],
  /** State transitions per machine definition's first state (`Plan` = deliverable, …). */
  transitions: new Map<string, number>(),
  executions: 0,
};

export function resetRecorded(): void {
  recorded.calls = [];
  recorded.tasks = [];
  recorded.transitions.clear();
  recorded.executions = 0;
}

export const totalTransitions = () => [...recorded.transitions.values()].reduce((a, b) => a + b, 0);

type Stack = { middlewareStack: { add: (...args: never[]) => void } };

/** Adds the counting middleware to a DynamoDB client (or document client: they share the stack). */
export function countCalls(client: Stack): void {
  const middleware = (next: (args: { input: unknown }) => Promise<{ output: unknown }>, context: { commandName?: string }) => async (args: { input: unknown }) => {
    const run = scope.getStore();
    const call: Call = { command: (context.commandName ?? '?').replace(/Command$/, ''), task: run?.task, bytes: 0, input: args.input };
    recorded.calls.push(call);
    run?.calls.push(call);
    const out = await next(args);
    const o = out.output as { Item?: unknown; Items?: unknown; Responses?: unknown };
    const got = o?.Item ?? o?.Items ?? o?.Responses;
    if (got) call.bytes = Buffer.byteLength(JSON.stringify(got));
    return out;
  };
  (client.middlewareStack.add as (m: unknown, o: unknown) => void)(middleware, { step: 'initialize', name: 'benchCalls' });
}

/** Counts the commands of every document client made from now on, on its first command. */
export function hookDocumentClients(): void {
  const seen = new WeakSet<object>();
  const proto = DynamoDBDocumentClient.prototype as unknown as { send: (this: Stack, ...args: unknown[]) => unknown };
  const send = proto.send;
  proto.send = function (this: Stack, ...args: unknown[]) {
    if (!seen.has(this.middlewareStack)) {
      seen.add(this.middlewareStack);
      countCalls(this);
    }
    return send.apply(this, args);
  };
}

type Handler = (input: unknown) => Promise<unknown>;
type RunOptions = { overrides?: { taskResourceLocalHandlers?: Record<string, Handler> } } & Record<string, unknown>;

const WRAPPED = Symbol('counted');
/** The task inputs already taken off the count as never entered in AWS. */
const unentered = new Set<string>();

/** Wraps every task handler of every execution from now on, and counts its transitions. */
export function hookStepFunctions(): void {
  const proto = StateMachine.prototype as unknown as {
    run: (this: unknown, input: unknown, options?: RunOptions) => { eventLogs: AsyncGenerator<{ type: string }> };
  };
  const run = proto.run;
  proto.run = function (input, options) {
    const handlers = options?.overrides?.taskResourceLocalHandlers;
    // A Map iteration runs as a nested machine with the handlers of its execution, already wrapped:
    // its states are in the execution's event log, so it is neither wrapped nor counted again.
    if (handlers && Object.values(handlers).some((h) => WRAPPED in h)) return run.call(this, input, options);
    const machine = ((this as { definition?: { StartAt?: string } }).definition?.StartAt ?? '?') as string;
    const wrapped = handlers
      ? Object.fromEntries(
          Object.entries(handlers).map(([task, handler]) => [
            task,
            Object.assign((i: unknown) => {
              const t: TaskRun = { task, input: i, calls: [] };
              return scope.run(t, async () => {
                try {
                  t.output = await handler(i);
                  return t.output;
                } catch (error) {
                  t.failed = true;
                  // Stopped while it waited: the local runtime entered the task at once and waited
                  // inside it; AWS would still be in the Wait state, so this task state is not counted.
                  // (Its retriers then fail at once, each time: the state is taken off once.)
                  const key = JSON.stringify(i);
                  if ((error as Error).name === 'States.Runtime' && t.calls.length === 0 && !unentered.has(key)) {
                    unentered.add(key);
                    recorded.transitions.set(machine, (recorded.transitions.get(machine) ?? 0) - 1);
                  }
                  throw error;
                } finally {
                  recorded.tasks.push(t);
                }
              });
            }, { [WRAPPED]: true }),
          ]),
        )
      : undefined;
    const execution = run.call(this, input, wrapped ? { ...options, overrides: { ...options!.overrides, taskResourceLocalHandlers: wrapped } } : options);
    recorded.executions++;
    void (async () => {
      for await (const event of execution.eventLogs) {
        if (event.type === 'StateEntered' || event.type === 'StateRetried') recorded.transitions.set(machine, (recorded.transitions.get(machine) ?? 0) + 1);
      }
    })();
    return execution;
  };
}

/** The p-th fraction of xs (0.5 the median), as the dashboard bench reads it. */
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** A line for bench/summary.ts: `SUMMARY key=value`. */
export function summary(key: string, value: string | number): void {
  console.log(`SUMMARY ${key}=${value}`);
}

/** A ratio as the summary prints it. */
export const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : 'n/a');
