import { describe, expect, it } from 'vitest';
import { rowsOf, rowsOfSent } from '../../functions/adapters/store/summary.js';
import type { Item } from '../../functions/adapters/store/table.js';

/**
 * The rows the Jaaroverzicht reads from the cycle's summary (adapters/store/summary.ts), from the
 * item as the document client decodes it and as DynamoDB sends it: the same rows, and the same
 * refusal of a damaged one, with the quick checks that replaced zod on every row.
 */
const item = (attributes: Record<string, unknown>): Item => ({ pk: 'TENANT#t#CYCLE#2022', sk: 'SUMMARY', type: 'summary', v: 1, built: true, ...attributes });
const sent = (plain: Item) =>
  Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, typeof v === 'string' ? { S: v } : typeof v === 'number' ? { N: String(v) } : typeof v === 'boolean' ? { BOOL: v } : { NULL: true as const }]));
/** Both ways of reading, as SummaryStore.read does: sent, or decoded when a row is not two strings. */
const both = (plain: Item) => [() => rowsOf(plain), () => rowsOfSent(sent(plain)) ?? rowsOf(plain)];

describe("the rows of a cycle's summary", () => {
  it('reads a dated and an undated row, and leaves out an instance with half a row', () => {
    const plain = item({
      't:huuradvies': 'hlve|2022-02-28|2022-02-28T23:00:00.000Z',
      's:huuradvies': 'te-laat-ingediend',
      't:agenda': 'gemeente',
      's:agenda': 'open',
      't:half': 'wsl',
      's:other-half': 'open',
    });
    for (const read of both(plain)) {
      expect(read()).toEqual([
        { instanceId: 'huuradvies', partyId: 'hlve', status: 'te-laat-ingediend', lastDay: '2022-02-28', lateFrom: '2022-02-28T23:00:00.000Z' },
        { instanceId: 'agenda', partyId: 'gemeente', status: 'open' },
      ]);
    }
  });

  it.each([
    ['an empty party', ''],
    ['two parts', 'hlve|2022-02-28'],
    ['four parts', 'hlve|2022-02-28|2022-02-28T23:00:00.000Z|x'],
    ['no party before the date', '|2022-02-28|2022-02-28T23:00:00.000Z'],
    ['a last day that is no ISO date', 'hlve|2022-2-28|2022-02-28T23:00:00.000Z'],
    ['a last day with more after it', 'hlve|2022-02-28\n|2022-02-28T23:00:00.000Z'],
    ['no moment it is late from', 'hlve|2022-02-28|'],
  ])('refuses a place with %s, as zod does', (_, place) => {
    for (const read of both(item({ 't:x': place, 's:x': 'open' }))) expect(read).toThrow(expect.objectContaining({ name: 'ZodError' }));
  });

  it.each([['a status it does not know', 'gepland'], ['a status that is no string', 3], ['a status of null', null]])('refuses %s, as zod does', (_, status) => {
    for (const read of both(item({ 't:x': 'hlve', 's:x': status }))) expect(read).toThrow(expect.objectContaining({ name: 'ZodError' }));
  });

  it('leaves a row that is not two strings to the decoded item', () => {
    const plain = item({ 't:x': 7, 's:x': 'open' });
    expect(rowsOfSent(sent(plain))).toBeUndefined();
    expect(rowsOf(plain)).toEqual([{ instanceId: 'x', partyId: '7', status: 'open' }]);
  });
});
