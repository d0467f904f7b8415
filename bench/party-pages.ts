/**
 * Measures what a party waits for, and what a forward costs: the party page (`/partij/{token}`,
 * "Mijn prestatieafspraken") and the read page (`/lezen/{token}`, a deliverable another party sent
 * it) of HLVE in the Leusden year 2022 (71 deliverables, the 2020-2022 template) once every
 * deliverable but one has a version, one of them three; served by the same handlers as in Lambda
 * over DynamoDB Local. Prints per page the median and 95th percentile, the size, and the DynamoDB
 * round trips (every command, counted by a middleware on the client). Then forwards one version to
 * N recipients (`forwardVersion`) and prints its round trips per recipient. Asserts nothing.
 *
 *   npm run bench:party-pages -- [rounds] [recipients per informed party]
 */
import { ScaledClock } from '../functions/adapters/clock.js';
import type { Contact, InstanceRecords } from '../functions/core/model.js';
import { signReceipt } from '../functions/core/receipt.js';
import { forwardVersion } from '../functions/services/forwarding.js';
import { liveLink, partyLink, personalLink, urlOfLink } from '../functions/services/links.js';
import { storeSubmission } from '../functions/services/submissions.js';
import { startLocalCloud } from '../infra/local/cloud.js';
import { openCycleLocally, seedTenant } from '../infra/local/seed.js';
import { valuesFor } from '../infra/local/simulate-party.js';

const rounds = Number(process.argv[2] ?? 40);
const perParty = Number(process.argv[3] ?? 8);
const tenantId = 'leusden';
const year = 2022;

// Every DynamoDB command the handlers send, by name; a page's count is the difference around its request.
const calls = new Map<string, number>();
const total = () => [...calls.values()].reduce((a, b) => a + b, 0);
const since = (before: Map<string, number>) =>
  [...calls].map(([name, n]) => [name.replace(/Command$/, ''), n - (before.get(name) ?? 0)] as const).filter(([, n]) => n > 0);

const clock = new ScaledClock(new Date('2022-03-20T10:00:00Z'), 1);
const cloud = await startLocalCloud({
  clock,
  onDynamoClient: (client) =>
    client.middlewareStack.add(
      (next, context) => (args) => {
        const name = context.commandName ?? '?';
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'benchRoundTrips' },
    ),
});
try {
  await seedTenant(cloud.store, tenantId, 'Gemeente Leusden', new URL('../workflows/cycles/leusden-2020-2022.yaml', import.meta.url));
  await openCycleLocally(cloud.engine, tenantId, year);
  const { contacts } = await cloud.store.tenants.directory(tenantId);
  const hlve = contacts.find((c) => c.partyId === 'hlve')!;

  // Part of the year as it is by autumn: a version of every deliverable (three of one HLVE receives),
  // each forwarded to the parties it is for; one is kept back for the forward below.
  const records = await cloud.store.cycles.loadCycle(tenantId, year);
  const byOthers = records.filter((r) => r.instance.responsible !== 'hlve' && r.instance.inform.includes('hlve'));
  const read = byOthers[0]!;
  const held = records.filter((r) => r !== read && r.instance.inform.filter((p) => p !== r.instance.responsible).length >= 2).at(-1)!;
  const submit = async (r: InstanceRecords, n: number) => {
    const contact = contacts.find((c) => c.partyId === r.instance.responsible && c.active)!;
    for (let v = 1; v <= n; v++) {
      const fresh = (await cloud.store.cycles.loadInstance(tenantId, year, r.instance.instanceId))!;
      const { link } = await personalLink(cloud.deps, fresh, contact);
      const fields = valuesFor(fresh.instance, contact);
      const by = { partyId: contact.partyId, contactId: contact.contactId, linkId: link.linkId };
      await storeSubmission(cloud.deps, fresh, { by, submittedAt: clock.now(), fields, formKey: `bench-${r.instance.instanceId}-${v}` });
    }
  };
  for (const r of records) if (r !== held && r.instance.status === 'open') await submit(r, r === read ? 3 : 1);
  cloud.engine.stop();

  const readRecords = (await cloud.store.cycles.loadInstance(tenantId, year, read.instance.instanceId))!;
  const pages: [string, string][] = [
    ['party page', await partyLink(cloud.deps, tenantId, year, hlve)],
    ['read page', await urlOfLink(cloud.deps, tenantId, year, 'read', liveLink(readRecords.links, hlve, 'read', clock.now())!)],
  ];
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  console.log(`HLVE's pages, Leusden 2022 (${records.length} deliverables, ${records.length - 1} with a version), ${rounds} requests each after 5 warm-up requests:`);
  for (const [name, url] of pages) {
    for (let i = 0; i < 5; i++) await (await fetch(url)).arrayBuffer();
    const times: number[] = [];
    const trips = new Set<number>();
    let bytes = 0;
    let breakdown: (readonly [string, number])[] = [];
    for (let i = 0; i < rounds; i++) {
      const before = new Map(calls);
      const started = performance.now();
      const res = await fetch(url);
      bytes = (await res.arrayBuffer()).byteLength;
      times.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
      breakdown = since(before);
      trips.add(breakdown.reduce((a, [, n]) => a + n, 0));
    }
    const n = [...trips].sort((a, b) => a - b).join('-');
    console.log(
      `  ${name}: median ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms, ${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes), ${n} round trips (floor 2) — ${breakdown.map(([c, k]) => `${c} ${k}`).join(', ')}`,
    );
  }

  // A forward to many recipients, none of whom had this deliverable before: each gets a claim, a read link and the mark sent.
  const informed = held.instance.inform.filter((p) => p !== held.instance.responsible);
  for (const partyId of informed) {
    for (let k = 1; k <= perParty - 1; k++) {
      const extra: Contact = { tenantId, partyId, contactId: `lezer-${k}`, name: `Lezer ${k} (${partyId})`, email: `lezer-${k}.${partyId}@example.org`, coordinator: false, active: true };
      await cloud.store.tenants.putContact(extra);
    }
  }
  const submitter = contacts.find((c) => c.partyId === held.instance.responsible && c.active)!;
  const content = {
    tenantId,
    year,
    instanceId: held.instance.instanceId,
    version: 1,
    submittedAt: clock.now().toISOString(),
    late: false,
    partyId: submitter.partyId,
    contactId: submitter.contactId,
    linkId: 'bench',
    fields: valuesFor(held.instance, submitter),
  };
  await cloud.store.submissions.record({ ...content, receipt: await signReceipt(content, cloud.deps.receiptSigner) }, 'bench-forward', 0);
  const before = new Map(calls);
  const beforeTotal = total();
  const started = performance.now();
  const outcomes = await forwardVersion(cloud.deps, tenantId, year, held.instance.instanceId, 1);
  const ms = performance.now() - started;
  const trips = total() - beforeTotal;
  const sent = outcomes.filter((o) => o === 'sent').length;
  console.log(
    `  forward round trips per recipient: ${(trips / outcomes.length).toFixed(2)} (floor 2: claim and mark) — ${trips} for ${outcomes.length} recipients of ${held.instance.instanceId} (${sent} sent), ` +
      `${since(before).map(([c, k]) => `${c} ${k}`).join(', ')}; ${(ms / outcomes.length).toFixed(1)} ms per recipient`,
  );
  const left = await cloud.store.submissions.pendingForwards(tenantId, year);
  console.log(`  outbox after the forward: ${left.length} versions`);
} finally {
  await cloud.stop();
}
