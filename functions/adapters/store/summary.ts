import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import type { Timing } from '../../core/calendar.js';
import type { InstanceRecords, StoredStatus } from '../../core/model.js';
import type { SummaryRow } from '../../core/overview.js';
import { keys } from '../table-design.js';
import { ENTITY_VERSION } from './items.js';
import type { Item, Table } from './table.js';

/**
 * The cycle's summary: one item per cycle year (pk TENANT#<t>#CYCLE#<y>, sk SUMMARY) with, per
 * instance, what the Jaaroverzicht counts and places: its stored status (`s:<instance>`) and its
 * party and deadline (`t:<instance>`). Every write that changes either writes the attribute in the
 * same transaction (opening, a date, an extension, a template move, a waiver, a submission), so
 * the summary never says what the instances do not. Two top-level attributes per instance, not a
 * map: an update then never depends on the item or a row existing, and a submission sets only the
 * status. `built` says every instance has its row: set when the cycle is created with it, or by
 * `build` for a cycle opened before the summary existed. About 100 bytes an instance: an item of
 * 400 KB holds some 3,500 instances of a year.
 */
export const summaryKey = (tenantId: string, year: number) => ({ pk: keys.cyclePk(tenantId, year), sk: 'SUMMARY' });

/** What the summary keeps of an instance's place in the year. */
export interface SummaryChange {
  instanceId: string;
  status?: StoredStatus;
  place?: { responsible: string; timing: Timing };
}

/**
 * `party|lastDay|lateFrom`, or `party` without a deadline: one string, not a map, because the
 * Jaaroverzicht reads every row on every request (party ids and ISO dates hold no `|`).
 */
const placeOf = ({ responsible, timing }: NonNullable<SummaryChange['place']>) => (timing.state === 'dated' ? `${responsible}|${timing.lastDay}|${timing.lateFrom}` : responsible);

const placeSchema = z.union([z.tuple([z.string().min(1)]), z.tuple([z.string().min(1), z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string().min(1)])]);
const statusSchema = z.enum(['open', 'ingediend', 'te-laat-ingediend', 'vrijgesteld']);

/** The values to SET for these changes, as expression names and values. */
function assignments(changes: SummaryChange[], keep: boolean) {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  changes.forEach((c, i) => {
    const set = (tag: string, attr: string, value: unknown) => {
      names[`#${tag}${i}`] = attr;
      values[`:${tag}${i}`] = value;
      parts.push(keep ? `#${tag}${i} = if_not_exists(#${tag}${i}, :${tag}${i})` : `#${tag}${i} = :${tag}${i}`);
    };
    if (c.status) set('s', `s:${c.instanceId}`, c.status);
    if (c.place) set('t', `t:${c.instanceId}`, placeOf(c.place));
  });
  return { parts, names, values };
}

/**
 * The summary's part of a transaction that changes these instances: one Update (a transaction
 * touches an item once), whatever the summary holds already. At most some 60 instances (the 4 KB
 * of an update expression).
 */
export function summaryUpdate(table: Table, tenantId: string, year: number, changes: SummaryChange[]) {
  const { parts, names, values } = assignments(changes, false);
  return {
    Update: {
      TableName: table.name,
      Key: summaryKey(tenantId, year),
      UpdateExpression: `SET #type = :type, v = :v, ${parts.join(', ')}`,
      ExpressionAttributeNames: { '#type': 'type', ...names },
      ExpressionAttributeValues: { ':type': 'summary', ':v': ENTITY_VERSION, ...values },
    },
  };
}

/** The summary item of a cycle created with it: every instance will bring its row. */
export const builtSummaryItem = (tenantId: string, year: number): Item => ({ ...summaryKey(tenantId, year), type: 'summary', v: ENTITY_VERSION, built: true });

/** Instances per update when a summary is built: within the 4 KB of an update expression. */
const BUILD_BATCH = 40;

/** The summaries of cycle years: read in one request, built once for a cycle opened before them. */
export class SummaryStore {
  constructor(private readonly table: Table) {}

  /**
   * The rows of every instance, or undefined when the summary is not built. A Query of the one
   * item, so that a function allowed only to query (the status API) reads it too.
   */
  async read(tenantId: string, year: number): Promise<SummaryRow[] | undefined> {
    const key = summaryKey(tenantId, year);
    // As sent, not unmarshalled: the Jaaroverzicht reads this on every request, two attributes an instance.
    const [sent] = await this.table.queryAttributes({ KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': { S: key.pk }, ':sk': { S: key.sk } } });
    if (!sent || sent.built?.BOOL !== true) return undefined;
    // A row that is not two strings (never written so) is decided on the item decoded as the document client would.
    return rowsOfSent(sent) ?? rowsOf(unmarshall(sent) as Item);
  }

  /**
   * Builds the summary of a cycle from a full read of it. A row a transaction wrote meanwhile is
   * newer than the read and is kept (if_not_exists); `built` is set last, once every row is there.
   */
  async build(tenantId: string, year: number, records: InstanceRecords[]): Promise<void> {
    const changes = records.map(({ instance }) => ({ instanceId: instance.instanceId, status: instance.status, place: instance }));
    for (let at = 0; at < changes.length; at += BUILD_BATCH) {
      const { parts, names, values } = assignments(changes.slice(at, at + BUILD_BATCH), true);
      await this.table.update({
        Key: summaryKey(tenantId, year),
        UpdateExpression: `SET #type = :type, v = :v, ${parts.join(', ')}`,
        ExpressionAttributeNames: { '#type': 'type', ...names },
        ExpressionAttributeValues: { ':type': 'summary', ':v': ENTITY_VERSION, ...values },
      });
    }
    await this.table.update({ Key: summaryKey(tenantId, year), UpdateExpression: 'SET #type = :type, v = :v, built = :yes', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':type': 'summary', ':v': ENTITY_VERSION, ':yes': true } });
  }
}

const statuses: ReadonlySet<unknown> = new Set(statusSchema.options);
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A place as its parts, or undefined when placeSchema would refuse it: the same test without zod's
 * cost, as the Jaaroverzicht reads every row on every request.
 */
function partsOf(place: string): [string] | [string, string, string] | undefined {
  const first = place.indexOf('|');
  if (first === -1) return place ? [place] : undefined;
  const second = place.indexOf('|', first + 1);
  if (second === -1 || place.includes('|', second + 1)) return undefined;
  const parts: [string, string, string] = [place.slice(0, first), place.slice(first + 1, second), place.slice(second + 1)];
  return parts[0] && isoDay.test(parts[1]) && parts[2] ? parts : undefined;
}

/**
 * An instance's row from its place and stored status. A malformed place or an unknown status is
 * refused as zod refuses it: the schemas decide whatever the quick checks do not pass.
 */
function rowOf(instanceId: string, place: string, status: unknown): SummaryRow {
  const [partyId, lastDay, lateFrom] = partsOf(place) ?? placeSchema.parse(place.split('|'));
  const stored = statuses.has(status) ? (status as StoredStatus) : statusSchema.parse(status);
  return lastDay && lateFrom ? { instanceId, partyId, status: stored, lastDay, lateFrom } : { instanceId, partyId, status: stored };
}

/** The rows of a summary item; an instance with only half a row (never, once built) is left out. */
export function rowsOf(item: Item): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const name of Object.keys(item)) {
    if (!name.startsWith('t:')) continue;
    const instanceId = name.slice(2);
    const status = item[`s:${instanceId}`];
    if (status !== undefined) rows.push(rowOf(instanceId, String(item[name]), status));
  }
  return rows;
}

/**
 * The same rows from the item as DynamoDB sends it, or undefined when a row of it is not two
 * strings (then rowsOf decides, on the item decoded).
 */
export function rowsOfSent(item: Record<string, AttributeValue>): SummaryRow[] | undefined {
  const rows: SummaryRow[] = [];
  for (const name of Object.keys(item)) {
    if (!name.startsWith('t:')) continue;
    const instanceId = name.slice(2);
    const status = item[`s:${instanceId}`];
    if (status === undefined) continue;
    const place = item[name]!.S;
    if (place === undefined || status.S === undefined) return undefined;
    rows.push(rowOf(instanceId, place, status.S));
  }
  return rows;
}
