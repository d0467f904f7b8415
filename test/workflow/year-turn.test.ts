import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import { cycleExecutionName } from '../../functions/adapters/engine.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { coordinator, huuradviesTemplate, inbox, seedAndOpen, testCloud } from '../support.js';

/**
 * The turn of the year without a developer: next year's cycle opens on the municipality's own date,
 * and in November its coordinators hear, once, when no template covers next year yet.
 */
let cloud: LocalCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

async function yearOf(template: URL, opensNextYearOn?: { month: number; day: number }) {
  const clock = new SimulatedClock(new Date('2027-01-05T10:00:00Z'));
  clock.join();
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2027, template);
  if (opensNextYearOn) await cloud.store.tenants.putTenant({ ...(await cloud.store.tenants.getTenant('leusden'))!, opensNextYearOn });
  return { clock, cloud };
}

const noTemplateMails = async (c: LocalCloud) => (await inbox(c.urls.ses)).filter((m) => m.subject.startsWith('Nog geen sjabloon'));

describe('the turn of the year', () => {
  it('opens next year on the tenant\'s date, from the templates in use, once', async () => {
    const { clock, cloud: c } = await yearOf(huuradviesTemplate, { month: 12, day: 1 });
    await clock.sleepUntil(new Date('2027-11-30T22:00:00Z')); // 23:00 in Amsterdam: still 30 November
    expect((await c.reconcile([2027])).yearTurn.opened).toEqual([]);
    expect(await c.store.cycles.get('leusden', 2028)).toBeUndefined();
    await clock.sleepUntil(new Date('2027-11-30T23:30:00Z')); // 00:30 on 1 December in Amsterdam
    expect((await c.reconcile([2027])).yearTurn.opened).toEqual(['leusden']);
    expect((await c.reconcile([2027])).yearTurn.opened).toEqual([]);
    clock.leave();
    expect((await c.engine.ended(cycleExecutionName({ tenantId: 'leusden', year: 2028 }))).status).toBe('SUCCEEDED');
    expect((await c.store.cycles.get('leusden', 2028))?.templates).toEqual([{ id: 'huuradvies-test', version: 1 }]);
    expect((await c.store.cycles.loadCycle('leusden', 2028)).map((r) => r.instance.instanceId)).toEqual(['huuradvies']);
    const { yearLog } = await c.store.cycles.loadYear('leusden', 2027);
    expect(yearLog.filter((e) => e.action === 'cyclus 2028 geopend').map((e) => e.detail)).toEqual([{ reden: 'openingsdatum 1-12', sjablonen: 'huuradvies-test versie 1' }]);
    expect(await noTemplateMails(c)).toEqual([]);
  });

  it('tells the coordinators in November, once, that no template covers next year; nothing opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jaarwissel-'));
    const until2027 = join(dir, 'tot-2027.yaml');
    writeFileSync(until2027, readFileSync(huuradviesTemplate, 'utf8').replace('validTo: 2040', 'validTo: 2027'));
    const { clock, cloud: c } = await yearOf(new URL(`file://${until2027}`), { month: 12, day: 1 });
    await clock.sleepUntil(new Date('2027-10-31T12:00:00Z'));
    expect((await c.reconcile([2027])).yearTurn.warned).toEqual([]);
    await clock.sleepUntil(new Date('2027-11-01T08:00:00Z'));
    expect((await c.reconcile([2027])).yearTurn.warned).toEqual(['leusden']);
    await clock.sleepUntil(new Date('2027-12-02T08:00:00Z'));
    expect((await c.reconcile([2027])).yearTurn).toEqual({ opened: [], warned: [] });
    clock.leave();
    const mails = await noTemplateMails(c);
    expect(mails.map((m) => [m.destination.to, m.subject])).toEqual([[[coordinator.email], 'Nog geen sjabloon voor de prestatieafspraken 2028']]);
    expect(mails[0]!.body.text).toContain('De cyclus 2028 zou op woensdag 1 december 2027 vanzelf openen.');
    expect(mails[0]!.body.text).toMatch(/\/beheer\/leusden\/2027\/sjablonen/);
    expect(await c.store.cycles.get('leusden', 2028)).toBeUndefined();
  });
});
