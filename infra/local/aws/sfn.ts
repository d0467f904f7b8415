import { randomUUID } from 'node:crypto';
import { listen, parseJsonObject, readBody, sendJson, sendJsonError, targetOperation, type LocalEndpoint } from './http.js';
import { principalOf, type CallRecorder } from './recorder.js';

/** What a started execution tells the endpoint, so DescribeExecution and StopExecution can answer. */
export interface StartedExecution {
  /** Settles when the execution ends: SUCCEEDED with its output, or FAILED with the error. Without it the execution runs until stopped. */
  result?: PromiseLike<unknown>;
  /** Called by StopExecution. */
  stop?(): void;
}

/**
 * Starts an execution for real (the local Step Functions runtime, or a test's stand-in). It is
 * called once per new execution, never for an idempotent repeat or a refused name.
 */
export type StartCallback = (stateMachineArn: string, name: string, input: unknown) => void | StartedExecution | Promise<void | StartedExecution>;

export interface LocalSfnOptions {
  recorder: CallRecorder;
  start: StartCallback;
  /** The state machine ARNs that exist; others answer StateMachineDoesNotExist. @default any */
  stateMachines?: string[];
  /** @default 0, a free port */
  port?: number;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** An execution as DescribeExecution shows it. */
export interface ExecutionView {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
}

export interface LocalSfn extends LocalEndpoint {
  /** Every execution started so far, oldest first. */
  executions(): ExecutionView[];
}

type Execution = ExecutionView & { handle?: StartedExecution };
type Answer = { status: number; body: unknown } | { status: number; error: string; message: string };

const MACHINE_ARN = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:([A-Za-z0-9_-]{1,80})$/;
const EXECUTION_ARN = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:execution:[A-Za-z0-9_-]{1,80}:[^\s]{1,80}$/;
/** Step Functions refuses names with whitespace, brackets, wildcards, these specials and control characters. */
const BAD_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;
const MAX_INPUT = 256 * 1024;
const fail = (error: string, message: string, status = 400): Answer => ({ status, error, message });
const seconds = (date: Date) => date.getTime() / 1000;

/**
 * Step Functions (JSON 1.0, `AWSStepFunctions.<Op>`): StartExecution with AWS's naming rules,
 * DescribeExecution, StopExecution and a ListExecutions without paging. Every call is recorded
 * against the state machine's ARN (StartExecution, ListExecutions) or the execution's.
 */
export async function startSfn(options: LocalSfnOptions): Promise<LocalSfn> {
  const { recorder } = options;
  const executions = new Map<string, Execution>();

  async function startExecution(input: Record<string, unknown>): Promise<Answer> {
    const machine = String(input.stateMachineArn ?? '');
    const machineName = MACHINE_ARN.exec(machine)?.[1];
    if (!machineName) return fail('InvalidArn', `Invalid Arn: '${machine}'`);
    if (options.stateMachines && !options.stateMachines.includes(machine)) return fail('StateMachineDoesNotExist', `State Machine Does Not Exist: '${machine}'`);
    const name = input.name === undefined ? randomUUID() : String(input.name);
    if (!name || name.length > 80 || BAD_NAME.test(name)) return fail('InvalidName', `Invalid Name: '${name}'`);
    const text = input.input === undefined ? '{}' : String(input.input);
    let parsed: unknown;
    try {
      if (Buffer.byteLength(text) > MAX_INPUT) throw new Error('too large');
      parsed = JSON.parse(text);
    } catch {
      return fail('InvalidExecutionInput', 'Invalid State Machine Execution Input');
    }
    const executionArn = machine.replace(':stateMachine:', ':execution:') + `:${name}`;
    const existing = executions.get(executionArn);
    if (existing) {
      // AWS: a repeat with the same input while the first still runs is a success with the same
      // answer (a retried request must not fail); a different input, or a closed execution, is refused.
      if (existing.status === 'RUNNING' && existing.input === text) return { status: 200, body: { executionArn, startDate: seconds(existing.startDate) } };
      return fail('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    // Registered before the callback runs: a concurrent start of the same name sees it.
    const execution: Execution = { executionArn, stateMachineArn: machine, name, status: 'RUNNING', input: text, startDate: new Date() };
    executions.set(executionArn, execution);
    try {
      execution.handle = (await options.start(machine, name, parsed)) ?? undefined;
    } catch (error) {
      executions.delete(executionArn);
      throw error;
    }
    execution.handle?.result?.then(
      (output) => end(execution, 'SUCCEEDED', { output: JSON.stringify(output ?? null) }),
      (error: unknown) => end(execution, 'FAILED', { error: (error as Error)?.name ?? 'Error', cause: (error as Error)?.message ?? String(error) }),
    );
    return { status: 200, body: { executionArn, startDate: seconds(execution.startDate) } };
  }

  function end(execution: Execution, status: ExecutionStatus, details: Partial<ExecutionView>): void {
    if (execution.status !== 'RUNNING') return;
    Object.assign(execution, details, { status, stopDate: new Date() });
  }

  function describe(execution: Execution) {
    const { handle: _handle, startDate, stopDate, ...rest } = execution;
    return { ...rest, startDate: seconds(startDate), ...(stopDate ? { stopDate: seconds(stopDate) } : {}) };
  }

  async function call(operation: string, input: Record<string, unknown>): Promise<Answer> {
    if (operation === 'StartExecution') return startExecution(input);
    if (operation === 'ListExecutions') {
      const machine = String(input.stateMachineArn ?? '');
      if (!MACHINE_ARN.test(machine)) return fail('InvalidArn', `Invalid Arn: '${machine}'`);
      const listed = [...executions.values()]
        .filter((e) => e.stateMachineArn === machine && (input.statusFilter === undefined || e.status === input.statusFilter))
        .reverse() // newest first, as AWS lists them
        .map((e) => {
          const { executionArn, stateMachineArn, name, status, startDate, stopDate } = describe(e);
          return { executionArn, stateMachineArn, name, status, startDate, stopDate };
        });
      return { status: 200, body: { executions: listed } };
    }
    const arn = String(input.executionArn ?? '');
    if (!EXECUTION_ARN.test(arn)) return fail('InvalidArn', `Invalid Arn: '${arn}'`);
    const execution = executions.get(arn);
    if (!execution) return fail('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    if (operation === 'DescribeExecution') return { status: 200, body: describe(execution) };
    if (execution.status === 'RUNNING') {
      end(execution, 'ABORTED', { ...(input.error === undefined ? {} : { error: String(input.error) }), ...(input.cause === undefined ? {} : { cause: String(input.cause) }) });
      execution.handle?.stop?.();
    }
    return { status: 200, body: { stopDate: seconds(execution.stopDate!) } };
  }

  const endpoint = await listen(
    'sfn',
    async (req, res, requestId) => {
      const reply = (answer: Answer) =>
        'error' in answer ? sendJsonError(res, requestId, '1.0', answer.status, answer.error, answer.message) : sendJson(res, requestId, '1.0', answer.status, answer.body);
      const principal = principalOf(req.headers.authorization);
      if (!principal) return reply(fail('MissingAuthenticationTokenException', 'Request is missing Authentication Token', 403));
      const operation = targetOperation(req, 'AWSStepFunctions');
      const input = parseJsonObject(await readBody(req, 1024 * 1024));
      if (!operation) return reply(fail('UnknownOperationException', 'Unknown operation'));
      if (!input) return reply(fail('SerializationException', 'Request body is not a JSON object'));
      const resource = typeof input.executionArn === 'string' ? input.executionArn : typeof input.stateMachineArn === 'string' ? input.stateMachineArn : '*';
      recorder.record(principal, `states:${operation}`, [resource]);
      if (!['StartExecution', 'DescribeExecution', 'StopExecution', 'ListExecutions'].includes(operation)) return reply(fail('UnknownOperationException', `The local Step Functions does not support ${operation}`));
      return reply(await call(operation, input));
    },
    (res, requestId, error) => {
      const name = error instanceof Error ? error.name : '';
      // A callback may refuse in Step Functions' terms (throw an error named StateMachineDoesNotExist, say);
      // a plain programming error is a 500, as AWS answers its own failures.
      const theirs = name && !['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'BodyTooLarge'].includes(name);
      if (theirs) sendJsonError(res, requestId, '1.0', 400, name, (error as Error).message);
      else if (name === 'BodyTooLarge') sendJsonError(res, requestId, '1.0', 413, 'RequestEntityTooLarge', 'Request too large');
      else sendJsonError(res, requestId, '1.0', 500, 'InternalServerError', 'The local Step Functions failed');
    },
    options.port,
  );
  return {
    ...endpoint,
    executions: () => [...executions.values()].map((e) => {
      const { handle: _handle, ...view } = e;
      return { ...view };
    }),
  };
}
