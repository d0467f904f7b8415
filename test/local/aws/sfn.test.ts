import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cycleExecutionName, executionName, StepFunctionsEngine } from '../../../functions/adapters/engine.js';
import { CallRecorder } from '../../../infra/local/aws/recorder.js';
import { startSfn, type LocalSfn, type StartedExecution } from '../../../infra/local/aws/sfn.js';
import { callInChild, credentialsOf, region, unsigned } from './support.js';

/** The local Step Functions endpoint, driven by the project's StepFunctionsEngine through the real SDK client. */
const recorder = new CallRecorder();
const machines = {
  deliverable: 'arn:aws:states:eu-west-1:000000000000:stateMachine:prestatiecyclus-deliverable',
  cycle: 'arn:aws:states:eu-west-1:000000000000:stateMachine:prestatiecyclus-cycle',
};
const started: Array<{ machine: string; name: string; input: unknown }> = [];
/** How the next started execution behaves: by default it runs until stopped. */
let behaviour: () => StartedExecution = () => ({});
let sfn: LocalSfn;

const client = (principal: string) => new SFNClient({ endpoint: sfn.url, region, credentials: credentialsOf(principal), maxAttempts: 1 });
const entry = (principal: string, action: string, resource: string) => ({ principal, service: 'states', action, resource });
const deliverable = { tenantId: 'leusden', year: 2027, instanceId: 'huuradvies', generation: 0, revision: 0 };

beforeAll(async () => {
  sfn = await startSfn({
    recorder,
    stateMachines: Object.values(machines),
    start: (machine, name, input) => {
      started.push({ machine, name, input });
      return behaviour();
    },
  });
});
afterAll(() => sfn?.close());
beforeEach(() => {
  recorder.clear();
  started.length = 0;
  behaviour = () => ({});
});

describe('the local Step Functions endpoint', () => {
  it('lets StepFunctionsEngine start a deliverable once: true, then false (ExecutionAlreadyExists)', async () => {
    behaviour = () => ({ result: Promise.resolve({ done: true }) });
    const engine = new StepFunctionsEngine(client('OpenCycle'), machines);
    expect(await engine.startDeliverable(deliverable)).toBe(true);
    expect(await engine.startDeliverable(deliverable)).toBe(false);
    expect(started).toEqual([{ machine: machines.deliverable, name: executionName(deliverable), input: { ...deliverable, startedAt: expect.any(String) } }]);
    expect(recorder.entries).toEqual([entry('OpenCycle', 'states:StartExecution', machines.deliverable), entry('OpenCycle', 'states:StartExecution', machines.deliverable)]);
  });

  it('follows AWS while the first execution runs: the same input succeeds again (idempotent), another input is refused', async () => {
    const engine = new StepFunctionsEngine(client('RecordDate'), machines);
    const cycle = { tenantId: 'leusden', year: 2028 };
    // StartCycle's input holds no timestamp: a repeat while the first runs is the same request, and AWS answers it with success.
    expect(await engine.startCycle(cycle)).toBe(true);
    expect(await engine.startCycle(cycle)).toBe(true);
    expect(started).toHaveLength(1);
    const start = (input: string) => client('RecordDate').send(new StartExecutionCommand({ stateMachineArn: machines.deliverable, name: 'leusden-2027-bod', input }));
    const first = await start('{"revision":0}');
    expect(await start('{"revision":0}')).toMatchObject({ executionArn: first.executionArn, startDate: first.startDate });
    await expect(start('{"revision":1}')).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    expect(started.map((s) => s.name)).toEqual([cycleExecutionName(cycle), 'leusden-2027-bod']);
    expect(recorder.entries).toEqual([...Array(2).fill(entry('RecordDate', 'states:StartExecution', machines.cycle)), ...Array(3).fill(entry('RecordDate', 'states:StartExecution', machines.deliverable))]);
  });

  it('describes, lists and stops executions, and shows how they ended', async () => {
    const c = client('SteerDeliverable');
    let stopped = false;
    behaviour = () => ({ stop: () => (stopped = true) });
    const { executionArn } = await c.send(new StartExecutionCommand({ stateMachineArn: machines.deliverable, name: 'leusden-2027-bod-r1', input: '{"revision":1}' }));
    expect(executionArn).toBe('arn:aws:states:eu-west-1:000000000000:execution:prestatiecyclus-deliverable:leusden-2027-bod-r1');
    expect(await c.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ status: 'RUNNING', name: 'leusden-2027-bod-r1', input: '{"revision":1}', startDate: expect.any(Date) });
    await c.send(new StopExecutionCommand({ executionArn, cause: 'nieuwe revisie' }));
    expect(stopped).toBe(true);
    expect(await c.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({ status: 'ABORTED', cause: 'nieuwe revisie', stopDate: expect.any(Date) });
    behaviour = () => ({ result: Promise.reject(Object.assign(new Error('tabel weg'), { name: 'ResourceNotFoundException' })) });
    const failed = await c.send(new StartExecutionCommand({ stateMachineArn: machines.deliverable, name: 'leusden-2027-bod-r2' }));
    expect(await c.send(new DescribeExecutionCommand({ executionArn: failed.executionArn }))).toMatchObject({ status: 'FAILED', error: 'ResourceNotFoundException', cause: 'tabel weg' });
    const listed = await c.send(new ListExecutionsCommand({ stateMachineArn: machines.deliverable, statusFilter: 'ABORTED' }));
    expect(listed.executions?.map((e) => e.name)).toEqual(['leusden-2027-bod-r1']);
    expect(recorder.entries.map((e) => `${e.action} ${e.resource.split(':').slice(5).join(':')}`)).toEqual([
      'states:StartExecution stateMachine:prestatiecyclus-deliverable',
      'states:DescribeExecution execution:prestatiecyclus-deliverable:leusden-2027-bod-r1',
      'states:StopExecution execution:prestatiecyclus-deliverable:leusden-2027-bod-r1',
      'states:DescribeExecution execution:prestatiecyclus-deliverable:leusden-2027-bod-r1',
      'states:StartExecution stateMachine:prestatiecyclus-deliverable',
      'states:DescribeExecution execution:prestatiecyclus-deliverable:leusden-2027-bod-r2',
      'states:ListExecutions stateMachine:prestatiecyclus-deliverable',
    ]);
  });

  it('lets StepFunctionsEngine stop a closed instance: the running generation, past the ended ones, up to the first name never used', async () => {
    const stopped: string[] = [];
    const c = client('LinkPage');
    const engine = new StepFunctionsEngine(c, machines);
    const revision = { ...deliverable, revision: 1 };
    const arn = (generation: number) => `${machines.deliverable.replace(':stateMachine:', ':execution:')}:${executionName({ ...revision, generation })}`;
    // Generation 0 ended (it handed over); generation 1 runs.
    behaviour = () => ({ result: Promise.resolve({ handedOver: true }) });
    await engine.startDeliverable(revision);
    behaviour = () => ({ stop: () => stopped.push('g1') });
    await engine.startDeliverable({ ...revision, generation: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    recorder.clear();
    await engine.stopDeliverable({ ...revision, cause: 'ingediend' });
    expect(stopped).toEqual(['g1']);
    expect(recorder.entries).toEqual([0, 1, 2].map((g) => entry('LinkPage', 'states:StopExecution', arn(g))));
    expect(await c.send(new DescribeExecutionCommand({ executionArn: arn(0) }))).toMatchObject({ status: 'SUCCEEDED' });
    expect(await c.send(new DescribeExecutionCommand({ executionArn: arn(1) }))).toMatchObject({ status: 'ABORTED', cause: 'ingediend' });
    // Again, and for an instance that never had an execution: nothing to stop, no error.
    await expect(engine.stopDeliverable({ ...revision, cause: 'ingediend' })).resolves.toBeUndefined();
    await expect(engine.stopDeliverable({ ...deliverable, instanceId: 'nooit-gestart', cause: 'vrijgesteld' })).resolves.toBeUndefined();
    expect(stopped).toEqual(['g1']);
    // Any other refusal is the caller's to log.
    await expect(new StepFunctionsEngine(c, { deliverable: 'arn:aws:states:eu-west-1:000000000000:stateMachine:ongeldige naam' }).stopDeliverable({ ...deliverable, cause: 'x' })).rejects.toMatchObject({ name: 'InvalidArn' });
  });

  it('refuses what Step Functions refuses, with the error names the SDK throws', async () => {
    const c = client('Act');
    const names = await Promise.all([
      c.send(new StartExecutionCommand({ stateMachineArn: machines.cycle, name: 'met spatie' })),
      c.send(new StartExecutionCommand({ stateMachineArn: machines.cycle, name: 'x'.repeat(81) })),
      c.send(new StartExecutionCommand({ stateMachineArn: machines.cycle, name: 'ok', input: '{niet json' })),
      c.send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:eu-west-1:000000000000:stateMachine:onbekend' })),
      c.send(new StartExecutionCommand({ stateMachineArn: 'geen-arn' })),
      c.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:eu-west-1:000000000000:execution:prestatiecyclus-cycle:nooit' })),
    ].map((call) => call.then(() => 'geslaagd', (error: Error) => error.name)));
    expect(names).toEqual(['InvalidName', 'InvalidName', 'InvalidExecutionInput', 'StateMachineDoesNotExist', 'InvalidArn', 'ExecutionDoesNotExist']);
    expect(started).toEqual([]);
    expect(recorder.entries).toHaveLength(6);
  });

  it('answers a refusing start callback with its error name, and unsigned or malformed requests as JSON 1.0 errors', async () => {
    behaviour = () => {
      throw Object.assign(new Error('te veel'), { name: 'ExecutionLimitExceeded' });
    };
    await expect(new StepFunctionsEngine(client('OpenCycle'), machines).startCycle({ tenantId: 'leusden', year: 2030 })).rejects.toMatchObject({ name: 'ExecutionLimitExceeded' });
    behaviour = () => ({});
    // The refused start left no execution behind: the name is free again.
    expect(await new StepFunctionsEngine(client('OpenCycle'), machines).startCycle({ tenantId: 'leusden', year: 2030 })).toBe(true);
    const post = (target: string | undefined, body: string, signed = true): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', ...(target ? { 'x-amz-target': target } : {}), ...(signed ? { authorization: 'AWS4-HMAC-SHA256 Credential=Act/20270101/eu-west-1/states/aws4_request, SignedHeaders=host, Signature=00' } : {}) },
      body,
    });
    const answers = [
      await unsigned(sfn.url, post('AWSStepFunctions.StartExecution', JSON.stringify({ stateMachineArn: machines.cycle }), false)),
      await unsigned(sfn.url, post('AWSStepFunctions.StartExecution', '{"stateMachineArn"')),
      await unsigned(sfn.url, post('AWSStepFunctions.SendTaskSuccess', '{}')),
      await unsigned(sfn.url, post(undefined, '{}')),
    ];
    expect(answers.map((a) => [a.status, (JSON.parse(a.text) as { __type: string }).__type])).toEqual([
      [403, 'MissingAuthenticationTokenException'],
      [400, 'SerializationException'],
      [400, 'UnknownOperationException'],
      [400, 'UnknownOperationException'],
    ]);
  });

  it('takes the standard AWS_ENDPOINT_URL_SFN in a child process, the key id naming the caller', async () => {
    const out = await callInChild('sfn', { machines, input: { tenantId: 'leusden', year: 2031 } }, 'OpenCycle', { AWS_ENDPOINT_URL_SFN: sfn.url });
    expect(out).toEqual({ node: expect.stringMatching(/^22\./), result: true });
    expect(started).toEqual([{ machine: machines.cycle, name: cycleExecutionName({ tenantId: 'leusden', year: 2031 }), input: { tenantId: 'leusden', year: 2031 } }]);
    expect(recorder.entries).toEqual([entry('OpenCycle', 'states:StartExecution', machines.cycle)]);
  });
});
