import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support.js';

const root = new URL('../../', import.meta.url).pathname;
const omthuis = 'workflows/cycles/leusden-omthuis-2026.yaml';

/** Runs `npm run cycle -- …` as a person would, minus npm: the same script with the same Node. */
const cycle = (...args: string[]) => runCli('cycle.ts', ...args);

describe('npm run cycle -- calendar', () => {
  it('prints the year as documented JSON, the same every time, sorted by date', async () => {
    const [a, b] = await Promise.all([
      cycle('calendar', '--template', omthuis, '--year', '2027', '--format', 'json'),
      cycle('calendar', '--template', omthuis, '--year', '2027', '--format', 'json'),
    ]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const json = JSON.parse(a.stdout) as {
      template: string;
      year: number;
      timeZone: string;
      instances: { instanceId: string; state: string; due: { lastDay: string; lateFromUtc: string } | null; reminders: { local: string; utc: string }[] }[];
    };
    expect(json).toMatchObject({ template: 'leusden-omthuis-2026', year: 2027, timeZone: 'Europe/Amsterdam' });
    const request = json.instances.find((i) => i.instanceId === 'huuraanpassing-adviesaanvraag')!;
    expect(request.due).toEqual({ lastDay: '2027-02-28', lateFromUtc: '2027-02-28T23:00:00.000Z' });
    expect(request.reminders[0]).toMatchObject({ local: '2027-01-31T09:00', utc: '2027-01-31T08:00:00.000Z' });
    const days = json.instances.filter((i) => i.due).map((i) => i.due!.lastDay);
    expect(days).toEqual([...days].sort());
  });

  it('prints a readable table and an ICS file that parses', async () => {
    const table = await cycle('calendar', '--template', omthuis, '--year', '2027');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('2027-02-28 zondag');
    expect(table.stdout).toContain('herinneringen 2027-01-31 09:00');
    const ics = await cycle('calendar', '--template', omthuis, '--year', '2027', '--format', 'ics');
    expect(new ICAL.Component(ICAL.parse(ics.stdout)).getAllSubcomponents('vevent').length).toBeGreaterThan(5);
  });

  it('prints the same ICS bytes on every run, with DTSTAMP on 1 January of the year', async () => {
    const ics = () => cycle('calendar', '--template', omthuis, '--year', '2027', '--format', 'ics');
    const first = await ics();
    // DTSTAMP has whole seconds: the second run starts in a later second, so a wall-clock stamp would differ.
    const second = Math.floor(Date.now() / 1000);
    while (Math.floor(Date.now() / 1000) === second) await new Promise((r) => setTimeout(r, 50));
    const again = await ics();
    expect(first.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(new Set(first.stdout.match(/^DTSTAMP:.*$/gm))).toEqual(new Set(['DTSTAMP:20270101T000000Z']));
  });

  it('takes meeting dates from a facts file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'facts-'));
    writeFileSync(join(dir, 'facts.yaml'), 'meetingDates:\n  voorjaarsoverleg: "2021-04-14T19:30"\n');
    const out = await cycle('calendar', '--template', 'workflows/cycles/leusden-2020-2022.yaml', '--year', '2021', '--format', 'json', '--facts', join(dir, 'facts.yaml'));
    const agenda = (JSON.parse(out.stdout) as { instances: { instanceId: string; due: { lastDay: string } | null }[] }).instances.find(
      (i) => i.instanceId === 'agenda-bestuurlijk-overleg-voorjaarsoverleg',
    );
    expect(agenda?.due?.lastDay).toBe('2021-04-07');
  });
});

describe('bad input', () => {
  it('exits non-zero with every problem of an invalid template, by path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpl-'));
    const bad = readFileSync(join(root, 'test/fixtures/huuradvies.yaml'), 'utf8').replace('month: 3, day: 1', 'month: 3, day: 32').replace('responsible: hlve', 'responsible: niemand');
    writeFileSync(join(dir, 'bad.yaml'), bad);
    const out = await cycle('check', '--template', join(dir, 'bad.yaml'));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('deliverables[0] (huuradvies).due.day (regel 23): moet 1-31 zijn');
    expect(out.stderr).toContain('deliverables[0] (huuradvies).responsible (regel 21): onbekende partij "niemand"');
    expect(out.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('says what is missing or wrong in the arguments', async () => {
    expect(await cycle('calendar', '--template', omthuis)).toMatchObject({ code: 2, stderr: 'cycle: geef een jaar op met --year <JJJJ>.\n' });
    expect((await cycle('calendar', '--template', omthuis, '--year', '2019')).stderr).toContain('geldt voor 2026 tot en met 2030, niet voor 2019');
    expect((await cycle('calendar', '--template', omthuis, '--year', '2027', '--format', 'pdf')).code).toBe(2);
    expect((await cycle('calendar', '--template', 'bestaat-niet.yaml', '--year', '2027')).stderr).toBe('cycle: het sjabloon bestaat-niet.yaml kan niet worden gelezen.\n');
    expect((await cycle('tover')).code).toBe(2);
  });

  it('accepts a valid template', async () => {
    expect(await cycle('check', '--template', omthuis)).toMatchObject({ code: 0, stdout: `${omthuis}: geldig — 22 leveringen, 4 partijen.\n` });
  });
});
