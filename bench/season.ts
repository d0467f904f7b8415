/**
 * How long a simulated Leusden year takes (template leusden-2020-2022, cycle 2021, the scenario of
 * workflows/cycles/scenarios/leusden-2021.yaml) through the real workflows, handlers, DynamoDB
 * Local and SES local, for 1, 10 and 50 municipalities at once on one clock.
 */
import { startDynamoDbLocal } from '../infra/local/dynamodb.js';
import { loadScenario, simulateYear } from '../infra/local/simulate.js';

const sizes = (process.argv[2] ?? '1,10,50').split(',').map(Number);
const templateFile = new URL('../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
const scenario = loadScenario(new URL('../workflows/cycles/scenarios/leusden-2021.yaml', import.meta.url).pathname);
const dynamo = await startDynamoDbLocal();
console.log('simulated Leusden year 2021 (leusden-2020-2022, scenario leusden-2021), per number of municipalities:');
console.log('  municipalities   wall time   per municipality   instances   notices   heap used');
for (const n of sizes) {
  const tenants = Array.from({ length: n }, (_, i) => `gemeente-${i + 1}`);
  const result = await simulateYear({ templateFile, year: 2021, scenario, tenants, dynamoEndpoint: dynamo.endpoint, tableName: `bench-${n}-${Date.now()}` });
  const notices = result.timeline.filter((e) => ['herinnering', 'vandaag', 'te laat', 'escalatie'].includes(e.what)).length;
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(
    `  ${String(n).padStart(14)}   ${(result.wallMs / 1000).toFixed(1).padStart(7)} s   ${(result.wallMs / 1000 / n).toFixed(2).padStart(14)} s   ${String(result.summary.instances).padStart(9)}   ${String(notices).padStart(7)}   ${heap.toFixed(0).padStart(6)} MiB`,
  );
}
await dynamo.stop();
