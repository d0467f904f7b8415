import { describe, expect, it } from 'vitest';
import { planYear } from '../../functions/core/calendar.js';
import { newInstance } from '../../functions/core/instance.js';
import type { InstanceRecords, Party } from '../../functions/core/model.js';
import { filterRows, overviewRows, statusCounts, timeline } from '../../functions/core/overview.js';
import { ruleText } from '../../functions/core/rule-text.js';
import { readTemplate } from '../../infra/local/seed.js';

const load = (file: string) => readTemplate(new URL(`../../workflows/cycles/${file}`, import.meta.url)).template;
const leusden = load('leusden-2020-2022.yaml');
const parties: Party[] = leusden.parties.map((p) => ({ tenantId: 'leusden', partyId: p.id, name: p.name, role: p.role }));
const now = new Date('2022-02-20T10:00:00Z');
const records: InstanceRecords[] = planYear(leusden, 2022).map((planned) => ({
  instance: newInstance(planned, 'leusden', 2022, new Date('2021-12-01T00:00:00Z')),
  notices: [],
  slotMarks: [],
  links: [],
  submissions: [],
  confirmations: [],
  audit: [],
}));
// One waived, one submitted: the counts and filters must see them.
records.find((r) => r.instance.instanceId === 'bod-wsl')!.instance.status = 'vrijgesteld';
records.find((r) => r.instance.instanceId === 'huuradvies-aanvraag')!.instance.status = 'ingediend';
const rows = overviewRows(records, parties, now);

describe('the dashboard\'s view of a year', () => {
  it('counts every deliverable once, under the status the clock gives it', () => {
    const counts = statusCounts(rows);
    expect(counts.map((c) => c.status)).toEqual(['gepland', 'open', 'binnenkort', 'te-laat', 'ingediend', 'te-laat-ingediend', 'vrijgesteld']);
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(records.length);
    const by = Object.fromEntries(counts.map((c) => [c.status, c.count]));
    expect(by.vrijgesteld).toBe(1);
    expect(by.ingediend).toBe(1);
    // The huuradvies (last day 28 February) is within 14 days: binnenkort; deadlines waiting on a date are gepland.
    expect(rows.find((r) => r.instanceId === 'huuradvies')!.status).toBe('binnenkort');
    expect(by.gepland).toBe(rows.filter((r) => !r.lastDay).length);
  });

  it('filters by party, kind and status together, and sorts by last day either way with undated last', () => {
    const hlveAdvice = filterRows(rows, { partij: 'hlve', soort: 'advice' });
    expect(hlveAdvice.map((r) => r.instanceId)).toEqual(['huuradvies']);
    expect(filterRows(rows, { status: 'vrijgesteld' }).map((r) => r.instanceId)).toEqual(['bod-wsl']);
    const up = filterRows(rows, { sorteer: 'oplopend' });
    const down = filterRows(rows, { sorteer: 'aflopend' });
    const datedUp = up.filter((r) => r.lastDay).map((r) => r.lastDay!);
    expect(datedUp).toEqual([...datedUp].sort());
    expect(down.filter((r) => r.lastDay).map((r) => r.lastDay!)).toEqual([...datedUp].reverse());
    expect(up.findIndex((r) => !r.lastDay)).toBeGreaterThan(up.findLastIndex((r) => r.lastDay));
    expect(down.findIndex((r) => !r.lastDay)).toBeGreaterThan(down.findLastIndex((r) => r.lastDay));
  });

  it('lays the year out per month, widened to deadlines outside it, with a lane per party that owes something', () => {
    const t = timeline(rows, parties, 2022);
    expect(t.months[0]!.label).toBe('december 2021'); // the advice request of the year before
    expect(t.months.map((m) => m.key)).toContain('2022-12');
    expect(t.months.map((m) => m.key)).toEqual([...t.months.map((m) => m.key)].sort());
    expect(t.lanes.map((l) => l.partyId).sort()).toEqual([...new Set(rows.map((r) => r.partyId))].sort());
    const hlve = t.lanes.find((l) => l.partyId === 'hlve')!;
    const february = t.months.findIndex((m) => m.key === '2022-02');
    expect(hlve.cells[february]!.map((r) => r.instanceId)).toContain('huuradvies');
    // Every row is in exactly one place: a month cell or the undated list of its lane.
    const placed = t.lanes.flatMap((l) => [...l.cells.flat(), ...l.undated]);
    expect(placed.map((r) => r.instanceId).sort()).toEqual(rows.map((r) => r.instanceId).sort());
  });

  it('says each timing rule in plain Dutch', () => {
    const rule = (id: string) => ruleText(leusden.deliverables.find((d) => d.id === id)!, leusden);
    expect(rule('huuradvies')).toBe('vóór 1 maart');
    expect(rule('bod-wsl')).toBe('vóór 1 juli; valt die dag in een weekend of op een feestdag, dan de eerstvolgende werkdag');
    for (const d of leusden.deliverables) expect(ruleText(d, leusden)).not.toMatch(/undefined|NaN/);
  });
});
