import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { openCycleLocally } from '../../infra/local/seed.js';
import { amersfoortTemplate, contactsHeader, excel } from '../fixtures/amersfoort.js';
import { deadlineMails, runCli, testCloud } from '../support.js';

/**
 * A second municipality, set up and carried on without a developer: created, its contacts imported
 * from Excel and two template versions loaded through `npm run beheer`; its 2027 cycle opened and,
 * in March, moved to the second version. Exactly the changes the move showed happen, and the
 * ledger of notices holds no mail twice.
 */
const dir = mkdtempSync(join(tmpdir(), 'amersfoort-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
let cloud: LocalCloud | undefined;
afterAll(() => cloud?.stop());

const moveAt = new Date('2027-03-05T12:00:00Z');

describe('a second municipality through npm run beheer', () => {
  it('is set up, opens its cycle, and moves it to a new template version with exactly the changes shown', async () => {
    const clock = new SimulatedClock(new Date('2027-01-10T10:00:00Z'));
    clock.join();
    cloud = await testCloud({ clock });
    const beheer = async (...args: string[]) => {
      const run = await runCli('beheer.ts', ...args, '--endpoint', inject('dynamoEndpoint'), '--tabel', cloud!.store.tableName);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return run.stdout;
    };
    await beheer('tenant', 'aanmaken', '--id', 'amersfoort', '--naam', 'Gemeente Amersfoort', '--antwoordadres', 'wonen@amersfoort.example.org');
    expect(await beheer('tenant', 'openingsdatum', '--tenant', 'amersfoort', '--datum', '1-12')).toContain('opent elk jaar op 1-12');
    expect((await cloud.store.tenants.getTenant('amersfoort'))?.opensNextYearOn).toEqual({ month: 12, day: 1 });
    const wrong = await runCli('beheer.ts', 'tenant', 'openingsdatum', '--tenant', 'amersfoort', '--datum', '30-2', '--endpoint', inject('dynamoEndpoint'), '--tabel', cloud.store.tableName);
    expect([wrong.code, wrong.stderr]).toEqual([2, expect.stringContaining('--datum: moet een dag 1-28 van een maand 1-12 zijn')]);
    const csv = excel([
      contactsHeader,
      'gemeente-amersfoort;Gemeente Amersfoort;gemeente;coordinator;Coördinator Wonen;wonen@amersfoort.example.org;ja;ja',
      'wsl;Woningstichting (WSL);corporatie;bestuurder;Bestuurder WSL;bestuurder@wsl.example.org;;',
      'hlve;Huurders (HLVE);huurdersorganisatie;secretaris;Secretaris HLVE;secretaris@hlve.example.org;nee;ja',
    ]);
    await beheer('contacten', 'importeren', '--tenant', 'amersfoort', '--bestand', file('contacten.csv', csv), '--uitvoeren');
    expect(await beheer('sjabloon', 'laden', '--tenant', 'amersfoort', '--bestand', file('v1.yaml', amersfoortTemplate(1)), '--uitvoeren')).toContain('Opgeslagen: huuradvies-test versie 1');
    await openCycleLocally(cloud.engine, 'amersfoort', 2027);
    expect((await cloud.store.cycles.get('amersfoort', 2027))?.templates).toEqual([{ id: 'huuradvies-test', version: 1 }]);

    await clock.sleepUntil(moveAt);
    // Version 2 is loaded: cycle 2027 keeps following version 1 until it is moved.
    const loaded = await beheer('sjabloon', 'laden', '--tenant', 'amersfoort', '--bestand', file('v2.yaml', amersfoortTemplate(2)), '--uitvoeren');
    expect(loaded).toContain('cyclus 2027 blijft huuradvies-test versie 1 volgen; zet hem over met: sjabloon toepassen --tenant amersfoort --jaar 2027');
    expect((await cloud.store.cycles.loadInstance('amersfoort', 2027, 'huuradvies'))?.instance.timing).toMatchObject({ lastDay: '2027-02-28' });

    const dry = await beheer('sjabloon', 'toepassen', '--tenant', 'amersfoort', '--jaar', '2027');
    const shown = dry.split('\n').filter((l) => /^ {2}[+~=-] /.test(l));
    expect(shown).toEqual([
      '  ~ huuradvies: termijn "vóór 1 maart" → "vóór 1 april"',
      '  + huuradvies-bijstelling: Bijgesteld huuradvies (vóór 1 maart)',
      '  - huuradvies-extra: Extra huuradvies',
      // In the order of the year's plan.
      '  + huuradvies-bijstelling: Bijgesteld huuradvies, zondag 28 februari 2027',
      '  ~ huuradvies: termijn zondag 28 februari 2027 → woensdag 31 maart 2027',
      '  - huuradvies-extra: Extra huuradvies vervalt (niet meer in het sjabloon)',
    ]);
    expect(dry).toContain('Proefdraai');
    expect((await cloud.store.cycles.get('amersfoort', 2027))?.templates).toEqual([{ id: 'huuradvies-test', version: 1 }]);

    const before = await cloud.store.cycles.loadCycle('amersfoort', 2027);
    expect(await beheer('sjabloon', 'toepassen', '--tenant', 'amersfoort', '--jaar', '2027', '--uitvoeren')).toContain('cyclus 2027 volgt nu huuradvies-test versie 2');
    // The move is recorded; the instances follow when the system completes it (the reconciler, on its clock).
    expect((await cloud.store.cycles.get('amersfoort', 2027))?.pendingMove).toMatchObject({ from: [{ id: 'huuradvies-test', version: 1 }] });
    await cloud.reconcile([2027]);
    await cloud.reconcile([2027]); // twice changes nothing twice
    await clock.sleepUntil(new Date('2027-05-01T12:00:00Z'));
    clock.leave();
    await cloud.engine.settled();

    const cycle = await cloud.store.cycles.get('amersfoort', 2027);
    expect(cycle?.templates).toEqual([{ id: 'huuradvies-test', version: 2 }]);
    expect(cycle?.pendingMove).toBeUndefined();
    const after = await cloud.store.cycles.loadCycle('amersfoort', 2027);
    const of = (id: string) => after.find((r) => r.instance.instanceId === id)!;
    expect(after.map((r) => r.instance.instanceId).sort()).toEqual(['huuradvies', 'huuradvies-bijstelling', 'huuradvies-extra']);

    // Moved: the next revision, its reminders from now on; none of those already past is sent again.
    const moved = of('huuradvies');
    expect(moved.instance).toMatchObject({ revision: 1, status: 'open', timing: { lastDay: '2027-03-31' } });
    const sentSlots = (r: typeof moved) => [...new Set(r.notices.filter((n) => n.state === 'sent').map((n) => n.slotId))].sort();
    expect(sentSlots(moved)).toEqual(
      [
        ...['reminder-28d', 'reminder-14d', 'reminder-7d', 'reminder-1d', 'due-today', 'overdue-1'],
        // r1-reminder-28d (3 March) was past when the move came: not sent.
        ...['r1-reminder-14d', 'r1-reminder-7d', 'r1-reminder-1d', 'r1-due-today', 'r1-overdue-1', 'r1-overdue-2', 'r1-overdue-3', 'r1-overdue-4'],
      ].sort(),
    );
    // Removed: closed with the reason, nothing sent after the move.
    const dropped = of('huuradvies-extra');
    expect(dropped.instance.status).toBe('vrijgesteld');
    expect(dropped.audit.find((a) => a.action === 'vervallen')?.detail).toEqual({ reden: 'sjabloon huuradvies-test versie 2' });
    expect(dropped.notices.filter((n) => (n.sentAt ?? '') > moveAt.toISOString())).toEqual([]);
    expect(sentSlots(dropped)).toEqual(sentSlots(before.find((r) => r.instance.instanceId === 'huuradvies-extra')!));
    // Added: opened at the move, overdue already: the most recent notice at once, then the rest.
    const added = of('huuradvies-bijstelling');
    expect(added.instance).toMatchObject({ revision: 0, status: 'open', timing: { lastDay: '2027-02-28' } });
    expect(sentSlots(added)).toEqual(['overdue-1', 'overdue-2', 'overdue-3', 'overdue-4']);
    expect(added.audit.map((a) => a.action)).toContain('toegevoegd door sjabloon');
    expect(moved.audit.find((a) => a.action === 'termijn gewijzigd door sjabloon')?.detail).toEqual({
      van: 'zondag 28 februari 2027',
      naar: 'woensdag 31 maart 2027',
      reden: 'sjabloon huuradvies-test versie 2',
    });

    // The ledger and the mailbox agree: every recipient got each notice once, no mail twice.
    const ledger = after.flatMap((r) => r.notices.filter((n) => n.state === 'sent').map((n) => `${r.instance.instanceId} ${n.slotId} ${n.partyId}/${n.contactId}`));
    expect(new Set(ledger).size).toBe(ledger.length);
    const mails = await deadlineMails(cloud.urls.ses);
    const directory = await cloud.store.tenants.directory('amersfoort');
    for (const contact of directory.contacts) {
      const inLedger = ledger.filter((l) => l.endsWith(` ${contact.partyId}/${contact.contactId}`)).length;
      expect(mails.filter((m) => m.destination.to.includes(contact.email)).length, contact.email).toBe(inLedger);
    }
    expect(mails.length).toBe(ledger.length);
  });
});
