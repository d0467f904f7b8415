/**
 * How long a whole huuradvies season takes on the simulated clock, through the real workflow,
 * handlers, DynamoDB Local and SES local, for 1, 10 and 50 municipalities at once.
 */
import { SimulatedClock } from '../functions/adapters/clock.js';
import { startLocalCloud } from '../infra/local/cloud.js';
import { startDynamoDbLocal } from '../infra/local/dynamodb.js';
import { openCycleLocally, seedTenant } from '../infra/local/seed.js';

const template = new URL('../test/fixtures/huuradvies.yaml', import.meta.url);

const sizes = (process.argv[2] ?? '1,10,50').split(',').map(Number);
const dynamo = await startDynamoDbLocal();
console.log('simulated huuradvies season (1 Dec → last escalation), every municipality never submits:');
console.log('  municipalities   wall time   mails   mails/s   heap used');
for (const n of sizes) {
  const clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));
  clock.join();
  const cloud = await startLocalCloud({ clock, dynamoEndpoint: dynamo.endpoint, tableName: `bench-${n}-${Date.now()}` });
  const tenants = Array.from({ length: n }, (_, i) => `gemeente-${i + 1}`);
  for (const tenantId of tenants) await seedTenant(cloud.store, tenantId, `Gemeente ${tenantId}`, template);
  const started = performance.now();
  for (const tenantId of tenants) await openCycleLocally(cloud.engine, tenantId, 2027);
  clock.leave();
  await cloud.engine.settled();
  const ms = performance.now() - started;
  const mails = ((await (await fetch(`${cloud.urls.ses}/store`)).json()) as { emails: unknown[] }).emails.length;
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(
    `  ${String(n).padStart(14)}   ${(ms / 1000).toFixed(2).padStart(7)} s   ${String(mails).padStart(5)}   ${(mails / (ms / 1000)).toFixed(0).padStart(7)}   ${heap.toFixed(0).padStart(6)} MiB`,
  );
  await cloud.stop();
}
await dynamo.stop();
