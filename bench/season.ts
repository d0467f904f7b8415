/**
 * How long a simulated Leusden year takes (template leusden-2020-2022, cycle 2021, the scenario of
 * workflows/cycles/scenarios/leusden-2021.yaml) through the real workflows, handlers, DynamoDB
 * Local and SES local, for 1, 10 and 50 municipalities at once on one clock. Per run it also counts
 * (bench/instrument.ts) the Step Functions state transitions and the DynamoDB commands; for the
 * first run it prints what one Act costs, the transitions against their floor, and what the status
 * API reads at the end of the year. Asserts nothing.
 *
 *   npm exec -- tsx bench/season.ts [sizes=1,10,50]
 */
import { SimulatedClock } from '../functions/adapters/clock.js';
import { startLocalCloud } from '../infra/local/cloud.js';
import { startDynamoDbLocal } from '../infra/local/dynamodb.js';
import { loadScenario, simulateYear } from '../infra/local/simulate.js';
import { hookDocumentClients, hookStepFunctions, pct, ratio, recorded, resetRecorded, summary, totalTransitions, type Call, type TaskRun } from './instrument.js';

const sizes = (process.argv[2] ?? '1,10,50').split(',').map(Number);
const templateFile = new URL('../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
const scenario = loadScenario(new URL('../workflows/cycles/scenarios/leusden-2021.yaml', import.meta.url).pathname);
const YEAR = 2021;
const NOTICES = ['herinnering', 'vandaag', 'te laat', 'escalatie'];
hookDocumentClients();
hookStepFunctions();

/** Acts by how many mails they sent, and the commands each sent. */
function actCosts(tasks: TaskRun[]) {
  const acts = tasks.filter((t) => t.task === 'Act' && !t.failed);
  const sentBy = (t: TaskRun) => (t.output as { outcomes?: { sent?: number } } | undefined)?.outcomes?.sent ?? 0;
  const oneActs = acts.filter((t) => sentBy(t) === 1);
  const one = oneActs.map((t) => t.calls.length);
  const slotOf = (t: TaskRun) => (t.input as { step?: { slotId?: string }; slotId?: string }).step?.slotId ?? (t.input as { slotId?: string }).slotId ?? '';
  const oneOf = (re: RegExp) => oneActs.filter((t) => re.test(slotOf(t))).map((t) => t.calls.length);
  const none = acts.filter((t) => sentBy(t) === 0).map((t) => t.calls.length);
  const histogram = (xs: number[]) => [...new Map([...xs].sort((a, b) => a - b).map((x) => [x, xs.filter((y) => y === x).length]))].map(([k, n]) => `${k} calls ×${n}`).join(', ');
  return { acts, one, none, histogram, sentBy, oneOf };
}

const dynamo = await startDynamoDbLocal();
try {
  const walls = new Map<number, number>();
  console.log(`simulated Leusden year ${YEAR} (leusden-2020-2022, scenario leusden-2021), per number of municipalities:`);
  console.log('  municipalities   wall time   per municipality   instances   notices   transitions   DynamoDB calls   heap used');
  let firstCalls: Call[] = [];
  let first: { n: number; tableName: string; tenantId: string; notices: number; dated: number; transitions: Map<string, number>; executions: number; tasks: TaskRun[] } | undefined;
  for (const n of sizes) {
    const tenants = Array.from({ length: n }, (_, i) => `gemeente-${i + 1}`);
    const tableName = `bench-${n}-${Date.now()}`;
    resetRecorded();
    const result = await simulateYear({ templateFile, year: YEAR, scenario, tenants, dynamoEndpoint: dynamo.endpoint, tableName });
    const notices = result.timeline.filter((e) => NOTICES.includes(e.what)).length;
    const heap = process.memoryUsage().heapUsed / 2 ** 20;
    walls.set(n, result.wallMs);
    firstCalls = first ? firstCalls : recorded.calls;
    first ??= { n, tableName, tenantId: tenants[0]!, notices, dated: result.summary.dated, transitions: new Map(recorded.transitions), executions: recorded.executions, tasks: recorded.tasks };
    console.log(
      `  ${String(n).padStart(14)}   ${(result.wallMs / 1000).toFixed(1).padStart(7)} s   ${(result.wallMs / 1000 / n).toFixed(2).padStart(14)} s   ${String(result.summary.instances).padStart(9)}   ${String(notices).padStart(7)}   ${String(totalTransitions()).padStart(11)}   ${String(recorded.calls.length).padStart(14)}   ${heap.toFixed(0).padStart(6)} MiB`,
    );
  }
  if (walls.has(1) && walls.has(10)) summary('simulated_year_scaling_10_1', ratio(walls.get(10)!, walls.get(1)!));
  if (walls.has(1) && walls.has(50)) console.log(`  scaling 50/1: ${ratio(walls.get(50)!, walls.get(1)!)} (linear is 50)`);

  if (first) {
    // The floor: per notice a Wait and an Act; per dated deliverable its first Plan and an end state;
    // the opening's Materialise, StartDeliverables, SendCalendars and end.
    const transitions = [...first.transitions.values()].reduce((a, b) => a + b, 0);
    const { acts, one, none, histogram, sentBy, oneOf } = actCosts(first.tasks);
    const sending = acts.filter((t) => sentBy(t) > 0).length;
    const floor = 2 * sending + 2 * first.dated + 4 * first.n;
    console.log(`\n${first.n === 1 ? 'the one municipality' : `${first.n} municipalities`}'s year, counted (bench/instrument.ts):`);
    console.log(`  state transitions   ${transitions} (${[...first.transitions].map(([m, k]) => `machine starting at ${m}: ${k}`).join(', ')}) in ${first.executions} executions`);
    console.log(`  notices             ${first.notices} mails in ${sending} Act runs that sent one or more; floor 2 × ${sending} + 2 × ${first.dated} dated deliverables + 4 × ${first.n} openings = ${floor}`);
    summary('transitions_per_year_vs_floor', ratio(transitions, floor));
    const byTask = new Map<string, number>();
    for (const c of firstCalls) byTask.set(c.task ?? 'driver', (byTask.get(c.task ?? 'driver') ?? 0) + 1);
    const driverCommands = new Map<string, number>();
    for (const c of firstCalls.filter((c) => !c.task)) driverCommands.set(c.command, (driverCommands.get(c.command) ?? 0) + 1);
    console.log(`  DynamoDB calls      ${[...byTask].map(([t, k]) => `${t} ${k}`).join(', ')} (outside tasks: ${[...driverCommands].map(([c, k]) => `${c} ${k}`).join(', ')})`);
    console.log(`  Act runs            ${acts.length}: ${one.length} sent one mail, ${none.length} sent nothing (${pct(none, 0.5) ?? '-'} calls median)`);
    console.log(`  Act sending one mail: ${histogram(one)}`);
    console.log(`    median: reminders ${pct(oneOf(/reminder/), 0.5) ?? '-'}, due today ${pct(oneOf(/due-today/), 0.5) ?? '-'}, overdue ${pct(oneOf(/overdue/), 0.5) ?? '-'}`);
    if (one.length > 0) summary('act_round_trips', pct(one, 0.5));

    // The status API at the end of the year: a fresh cloud on the same table, one request, its items.
    const clock = new SimulatedClock(new Date(`${YEAR}-12-31T12:00:00Z`));
    const cloud = await startLocalCloud({ clock, dynamoEndpoint: dynamo.endpoint, tableName: first.tableName });
    try {
      const token = await cloud.mintToken([first.tenantId]);
      const url = `${cloud.urls.http}/api/tenants/${first.tenantId}/cycles/${YEAR}`;
      await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer(); // warm-up: the handler's first request
      const before = recorded.calls.length;
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.arrayBuffer();
      const calls = recorded.calls.slice(before);
      const kib = calls.reduce((a, c) => a + c.bytes, 0) / 1024;
      console.log(`  status API at year end: ${res.status}, ${calls.length} calls (${calls.map((c) => c.command).join(', ')}), ${kib.toFixed(0)} KiB read, answer ${(body.byteLength / 1024).toFixed(0)} KiB`);
      if (res.status === 200) summary('status_read_kib_year_end', kib.toFixed(0));
    } finally {
      await cloud.stop();
    }
  }
} finally {
  await dynamo.stop();
}
