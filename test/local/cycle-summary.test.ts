import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import { ConflictError } from '../../functions/adapters/store/index.js';
import { summaryKey } from '../../functions/adapters/store/summary.js';
import { summaryRowsOf, type SummaryRow } from '../../functions/core/overview.js';
import { signReceipt } from '../../functions/core/receipt.js';
import { cycleSummary } from '../../functions/services/cycle-summary.js';
import { extendDeadline, recordCycleDate, waiveDeliverable, type Steering } from '../../functions/services/steering.js';
import { completeCycleMove, planCycleMove, requestCycleMove } from '../../functions/services/template-move.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { openCycleLocally, readTemplate, seedTenant } from '../../infra/local/seed.js';
import { amersfoortTemplate } from '../fixtures/amersfoort.js';
import { testCloud } from '../support.js';

/**
 * The cycle's summary (adapters/store/summary.ts), which the Jaaroverzicht reads instead of the
 * deliverables: after every kind of change it says what a full read of the cycle computes, and a
 * change that fails leaves it as it was, because it is written in the change's own transaction.
 */
const byId = (rows: SummaryRow[]) => [...rows].sort((a, b) => a.instanceId.localeCompare(b.instanceId));
const principal = { subject: 'test', name: 'coordinator@leusden.nl', tenants: ['leusden', 'amersfoort'] };

/** Amersfoort's template version 1 or 2 as a file: v2 moves the huuradvies, drops huuradvies-extra and adds huuradvies-bijstelling. */
const folder = mkdtempSync(join(tmpdir(), 'summary-'));
function amersfootTemplateFile(version: 1 | 2): string {
  const file = join(folder, `amersfoort-v${version}.yaml`);
  writeFileSync(file, amersfoortTemplate(version));
  return file;
}

let cloud: LocalCloud;
const clock = new SimulatedClock(new Date('2022-02-01T09:00:00Z'));

async function agrees(tenantId: string, year: number) {
  const stored = await cloud.store.summaries.read(tenantId, year);
  expect(stored, 'the summary is built').toBeDefined();
  expect(byId(stored!)).toEqual(byId(summaryRowsOf(await cloud.store.cycles.loadCycle(tenantId, year))));
  return stored!;
}

async function submit(tenantId: string, year: number, instanceId: string, late: boolean, previousCount = 0) {
  const { instance } = (await cloud.store.cycles.loadInstance(tenantId, year, instanceId))!;
  const content = { tenantId, year, instanceId, version: previousCount + 1, submittedAt: clock.now().toISOString(), late, partyId: instance.responsible, contactId: 'c', linkId: 'l', fields: { toelichting: 'x' } };
  await cloud.store.submissions.record({ ...content, receipt: await signReceipt(content, cloud.deps.receiptSigner) }, `form-${instanceId}-${previousCount}`, previousCount);
}

beforeAll(async () => {
  cloud = await testCloud({ clock });
  await seedTenant(cloud.store, 'leusden', 'Gemeente Leusden', new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url));
  await openCycleLocally(cloud.engine, 'leusden', 2022);
  await seedTenant(cloud.store, 'amersfoort', 'Gemeente Amersfoort', amersfootTemplateFile(1));
  await openCycleLocally(cloud.engine, 'amersfoort', 2022);
  cloud.engine.stop();
});
afterAll(() => cloud?.stop());

describe("the cycle's summary", () => {
  it('is built when the cycle opens, with a row for every instance', async () => {
    const rows = await agrees('leusden', 2022);
    expect(rows.length).toBe((await cloud.store.cycles.loadCycle('leusden', 2022)).length);
  });

  it('follows a meeting date, an extension, a waiver and submissions on time and late', async () => {
    const s: Steering = { tenant: 'leusden', year: 2022, principal };
    const undated = (await agrees('leusden', 2022)).filter((r) => !r.lastDay).map((r) => r.instanceId);
    await recordCycleDate(cloud.deps, s, 'meetingDates', 'voorjaarsoverleg', { date: "2022-04-12T19:30", reden: undefined });
    await extendDeadline(cloud.deps, s, 'huuradvies', { actie: 'verlengen', nieuweDatum: '2022-04-15', reden: 'test' });
    await waiveDeliverable(cloud.deps, s, 'bod-wsl', 'test');
    await submit('leusden', 2022, 'huuradvies', false);
    await submit('leusden', 2022, 'huuradvies', true, 1);
    await submit('leusden', 2022, 'bod-de-alliantie', true);
    const rows = await agrees('leusden', 2022);
    const row = (id: string) => rows.find((r) => r.instanceId === id);
    expect(row('huuradvies')).toMatchObject({ status: 'te-laat-ingediend', lastDay: '2022-04-15' });
    expect(row('bod-wsl')?.status).toBe('vrijgesteld');
    // The agenda and minutes of the meeting now have a deadline.
    expect(rows.filter((r) => undated.includes(r.instanceId) && r.lastDay).length).toBeGreaterThan(0);
  });

  it('follows a template move: a deadline moved, a deliverable dropped, one added', async () => {
    const v2 = readTemplate(amersfootTemplateFile(2));
    await cloud.store.templates.load('amersfoort', v2.template, v2.yaml, { at: clock.now().toISOString(), actor: 'test' });
    const plan = await planCycleMove(cloud.deps, 'amersfoort', 2022);
    expect(plan.instances.map((c) => c.change).sort()).toEqual(['termijn', 'toegevoegd', 'vervallen']);
    expect(await requestCycleMove(cloud.deps, plan, { actor: 'test', at: clock.now().toISOString() })).toBe(true);
    await completeCycleMove(cloud.deps, 'amersfoort', 2022);
    const rows = await agrees('amersfoort', 2022);
    expect(rows.find((r) => r.instanceId === 'huuradvies')?.lastDay).toBe('2022-03-31');
    expect(rows.find((r) => r.instanceId === 'huuradvies-extra')?.status).toBe('vrijgesteld');
    expect(rows.find((r) => r.instanceId === 'huuradvies-bijstelling')?.status).toBe('open');
  });

  it('stays as it was when a change fails: a submission that lost its race, a second waiver, a stale extension', async () => {
    const before = await agrees('leusden', 2022);
    // Written as if nobody had submitted yet, while version 2 is stored: the transaction is refused as a whole.
    await expect(submit('leusden', 2022, 'huuradvies', false, 0)).rejects.toBeInstanceOf(ConflictError);
    const waived = (await cloud.store.cycles.loadInstance('leusden', 2022, 'bod-wsl'))!.instance;
    expect(await cloud.store.cycles.waive(waived, { instanceId: 'bod-wsl', at: clock.now().toISOString(), actor: 'test', action: 'vrijgesteld', detail: {} })).toBe(false);
    const open = (await cloud.store.cycles.loadCycle('leusden', 2022)).find((r) => r.instance.status === 'open' && r.instance.timing.state === 'dated')!.instance;
    const stale = { ...open, revision: open.revision - 1 };
    expect(await cloud.store.cycles.setTiming(stale, { state: 'dated', lastDay: '2022-12-31', lateFrom: '2022-12-31T23:00:00.000Z' })).toBeUndefined();
    expect(byId((await cloud.store.summaries.read('leusden', 2022))!)).toEqual(byId(before));
    await agrees('leusden', 2022);
  });

  it('is built by the reconciler for a cycle opened before summaries (a page only reads), keeping what a change wrote meanwhile', async () => {
    const expected = byId(await agrees('leusden', 2022));
    const db = (cloud.store.cycles as unknown as { table: { delete(input: object): Promise<void> } }).table;
    await db.delete({ Key: summaryKey('leusden', 2022) });
    expect(await cloud.store.summaries.read('leusden', 2022)).toBeUndefined();
    // A change before the summary is built writes its own row, but does not make the summary built.
    await submit('leusden', 2022, 'bod-de-alliantie', false, 1);
    expect(await cloud.store.summaries.read('leusden', 2022)).toBeUndefined();
    const withoutWrite = byId(await cycleSummary(cloud.store, 'leusden', 2022));
    expect(await cloud.store.summaries.read('leusden', 2022)).toBeUndefined();
    await cloud.reconcile([2022]);
    const built = byId((await cloud.store.summaries.read('leusden', 2022))!);
    expect(built).toEqual(withoutWrite);
    expect(built.find((r) => r.instanceId === 'bod-de-alliantie')?.status).toBe('ingediend');
    expect(built.filter((r) => r.instanceId !== 'bod-de-alliantie')).toEqual(expected.filter((r) => r.instanceId !== 'bod-de-alliantie'));
    await agrees('leusden', 2022);
  });
});

