/**
 * What one submission costs: parties of the Leusden year 2022 (71 deliverables, the 2020-2022
 * template) each submit a version through their link page, as a browser does (GET the form, upload
 * a PDF where a document is asked, POST the form). Every DynamoDB command is counted by a middleware
 * on the store's client (bench/instrument.ts); a POST's count is every command sent while it runs,
 * except those of workflow tasks it starts (Plan of a follower), told apart by AsyncLocalStorage.
 * Prints per POST its calls, the KiB of items they read, and how many of them were the forward
 * (per recipient a claim, with the read link on a first forward, and the mark sent), then the median. Asserts nothing.
 *
 *   npm exec -- tsx bench/round-trips.ts [submissions=9]
 */
import { ScaledClock } from '../functions/adapters/clock.js';
import { personalLink } from '../functions/services/links.js';
import { startLocalCloud } from '../infra/local/cloud.js';
import { openCycleLocally, seedTenant } from '../infra/local/seed.js';
import { uploadPdf, valuesFor } from '../infra/local/simulate-party.js';
import { countCalls, hookStepFunctions, pct, recorded, summary, type Call } from './instrument.js';

const count = Number(process.argv[2] ?? 9);
const tenantId = 'leusden';
const year = 2022;
hookStepFunctions();

/** A call of the forward to one recipient: its claim and mark (slot `doorsturen-v…`) or its read link. */
const isForward = (c: Call) => {
  const json = JSON.stringify(c.input);
  return json.includes('#NOTICE#doorsturen-v') || /"purpose":(\{"S":)?"read"/.test(json);
};

// Real time, so the workflows sleep until their first notice (weeks away) and stay out of the way.
const clock = new ScaledClock(new Date('2022-03-20T10:00:00Z'), 1);
const cloud = await startLocalCloud({ clock, onDynamoClient: countCalls });
try {
  await seedTenant(cloud.store, tenantId, 'Gemeente Leusden', new URL('../workflows/cycles/leusden-2020-2022.yaml', import.meta.url));
  await openCycleLocally(cloud.engine, tenantId, year);
  const { contacts } = await cloud.store.tenants.directory(tenantId);
  const records = await cloud.store.cycles.loadCycle(tenantId, year);
  const chosen = records.filter((r) => r.instance.status === 'open' && r.instance.timing.state === 'dated' && contacts.some((c) => c.active && c.partyId === r.instance.responsible));

  const rows: { id: string; calls: number; forward: number; recipients: number; kib: number; breakdown: string; status: number }[] = [];
  for (const r of chosen) {
    if (rows.filter((row) => row.status === 303).length >= count) break;
    const contact = contacts.find((c) => c.active && c.partyId === r.instance.responsible)!;
    const fresh = (await cloud.store.cycles.loadInstance(tenantId, year, r.instance.instanceId))!;
    const { url } = await personalLink(cloud.deps, fresh, contact);
    let form = await (await fetch(url)).text();
    const uploaded = await uploadPdf(form, `${r.instance.instanceId}.pdf`);
    if (uploaded) form = uploaded;
    const formKey = /name="formKey" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const bijlage = /name="bijlage" value="([^"]+)"/.exec(form)?.[1];
    const before = recorded.calls.length;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...valuesFor(fresh.instance, contact), formKey, ...(bijlage ? { bijlage } : {}) }).toString(),
      redirect: 'manual',
    });
    await res.arrayBuffer();
    const calls = recorded.calls.slice(before).filter((c) => c.task === undefined);
    const byCommand = new Map<string, number>();
    for (const c of calls) byCommand.set(c.command, (byCommand.get(c.command) ?? 0) + 1);
    rows.push({
      id: r.instance.instanceId,
      calls: calls.length,
      forward: calls.filter(isForward).length,
      recipients: new Set(calls.flatMap((c) => JSON.stringify(c.input).match(/#NOTICE#doorsturen-v\d+#[^#"]+#[^#"]+(?=")/g) ?? [])).size,
      kib: calls.reduce((a, c) => a + c.bytes, 0) / 1024,
      breakdown: [...byCommand].map(([k, n]) => `${k} ${n}`).join(', '),
      status: res.status,
    });
  }
  cloud.engine.stop();

  console.log(`submission POSTs through the link page, Leusden ${year} (${records.length} deliverables), one version each of the first ${count} open deliverables that take one:`);
  for (const r of rows) {
    console.log(`  ${r.id.padEnd(44).slice(0, 44)} ${r.status}  ${String(r.calls).padStart(3)} calls (${r.breakdown}), forward ${r.forward} for ${r.recipients} recipients, ${r.kib.toFixed(0)} KiB read`);
  }
  const stored = rows.filter((r) => r.status === 303);
  if (stored.length > 0) {
    const median = pct(stored.map((r) => r.calls), 0.5);
    console.log(`  median ${median} calls per POST, of which the forward ${pct(stored.map((r) => r.forward), 0.5)} (2 per recipient: the claim, with a first read link, and the mark), median ${pct(stored.map((r) => r.kib), 0.5).toFixed(0)} KiB read (max ${Math.max(...stored.map((r) => r.kib)).toFixed(0)})`);
    console.log(`  without the forward: median ${pct(stored.map((r) => r.calls - r.forward), 0.5)} calls`);
    // The submission's own round trips; the forward (2 per recipient) is printed beside them.
    summary('submission_round_trips', pct(stored.map((r) => r.calls - r.forward), 0.5));
    summary('submission_forward_calls', pct(stored.map((r) => r.forward), 0.5));
    summary('submission_without_forward', pct(stored.map((r) => r.calls - r.forward), 0.5));
  }
} finally {
  await cloud.stop();
}
