import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { documentClient } from '../../functions/adapters/deps.js';
import { Store } from '../../functions/adapters/store/index.js';
import { createTableInput, keys } from '../../functions/adapters/table-design.js';
import { checkTemplate } from '../../functions/core/template-file.js';
import type { CycleTemplate } from '../../functions/core/template.js';
import { localCredentials, localRegion } from '../../infra/local/dynamodb.js';

const leusdenYaml = readFileSync(new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url), 'utf8');
const leusden = (() => {
  const checked = checkTemplate(leusdenYaml);
  if (!checked.ok) throw new Error(checked.problems.join('\n'));
  return checked.template;
})();

/** Leusden ten times over: every deliverable copied nine times under new ids, its YAML as long. */
const tenfold: CycleTemplate = {
  ...leusden,
  deliverables: Array.from({ length: 10 }, (_, k) => leusden.deliverables.map((d) => (k === 0 ? d : { ...d, id: `${d.id}-${k}`.slice(0, 60), title: `${d.title} (${k})` }))).flat(),
};

/** A store on a fresh table, with a count of the commands its client sends and the bytes they return. */
async function countedStore() {
  const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: localRegion, credentials: localCredentials });
  const calls: string[] = [];
  client.middlewareStack.add((next, context) => async (args) => (calls.push(context.commandName ?? ''), next(args)), { step: 'initialize', name: 'count' });
  const tableName = `templates-${Math.random().toString(16).slice(2)}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return { store: new Store(documentClient(client), tableName), calls, db: documentClient(client), tableName };
}

const by = { at: '2026-11-02T09:00:00.000Z', actor: 'test' };
const ref = (version: number) => ({ id: leusden.id, version });

describe('the stored template', () => {
  it('at ten times Leusden is stored (no item reaches the 400 KB limit) and read back exactly', async () => {
    const yaml = leusdenYaml.repeat(10);
    expect(JSON.stringify(tenfold).length + yaml.length).toBeGreaterThan(400 * 1024 * 2);
    const { store, db, tableName } = await countedStore();
    const { version } = await store.templates.load('groot', tenfold, yaml, by);
    // Another store (a new container) reads it from the table.
    const read = await new Store(db, tableName).templates.version('groot', version);
    expect(read?.template).toEqual(tenfold);
    expect(read?.yaml).toBe(yaml);
  });

  it('keeps every version; a version is read once per container, then from memory', async () => {
    const { store, calls, db, tableName } = await countedStore();
    expect((await store.templates.load('leusden', leusden, leusdenYaml, by)).version.version).toBe(1);
    const reader = new Store(db, tableName);
    calls.length = 0;
    expect((await reader.templates.version('leusden', ref(1)))?.template).toEqual(leusden);
    expect(calls).toEqual(['GetItemCommand', 'QueryCommand']);
    calls.length = 0;
    for (let i = 0; i < 5; i++) expect((await reader.templates.version('leusden', ref(1)))?.template).toEqual(leusden);
    expect(calls).toEqual([]);
    // A new version is a new item; the first stays as it was, and the new one is in use.
    const changed = { ...leusden, title: `${leusden.title} (gewijzigd)` };
    const second = await store.templates.load('leusden', changed, leusdenYaml, by);
    expect(second).toMatchObject({ created: true, version: { version: 2, title: changed.title } });
    expect((await reader.templates.version('leusden', ref(2)))?.template.title).toBe(changed.title);
    expect((await reader.templates.version('leusden', ref(1)))?.template.title).toBe(leusden.title);
    expect((await reader.templates.inUse('leusden')).map((v) => v.version)).toEqual([2]);
    // The same text again is no new version.
    expect(await store.templates.load('leusden', changed, leusdenYaml, by)).toMatchObject({ created: false, version: { version: 2 } });
    expect((await store.templates.versions('leusden')).map((v) => v.version)).toEqual([1, 2]);
  });

  it('composes the versions a cycle follows; two loads at once get distinct version numbers', async () => {
    const { store } = await countedStore();
    const titles = Array.from({ length: 4 }, (_, i) => ({ ...leusden, title: `${leusden.title} ${i}` }));
    const loaded = await Promise.all(titles.map((t) => store.templates.load('leusden', t, leusdenYaml, by)));
    expect(loaded.map((l) => l.version.version).sort()).toEqual([1, 2, 3, 4]);
    expect((await store.templates.inUse('leusden')).length).toBe(1);
    const composed = await store.templates.composed('leusden', [ref(1)]);
    expect(composed.template.deliverables).toEqual(leusden.deliverables);
    await expect(store.templates.composed('leusden', [ref(9)])).rejects.toThrow(/not stored/);
  });

  it('stored by older code, before versions (whole in the head, or in parts under it), is read as version 0 until a version is loaded', async () => {
    const { store, db, tableName } = await countedStore();
    const head = keys.template('oud');
    await db.send(new PutCommand({ TableName: tableName, Item: { ...head, type: 'template', tenantId: 'oud', templateId: leusden.id, template: leusden, yaml: leusdenYaml } }));
    expect((await store.templates.inUse('oud')).map((v) => [v.id, v.version, v.validFrom, v.validTo])).toEqual([[leusden.id, 0, 2020, 2022]]);
    expect((await store.templates.composed('oud', [ref(0)])).template).toEqual(leusden);

    const zipped = gzipSync(Buffer.from(JSON.stringify({ template: leusden, yaml: leusdenYaml })));
    await db.send(new PutCommand({ TableName: tableName, Item: { pk: keys.template('delen').pk, sk: 'TEMPLATE#abc#0000', type: 'template-part', version: 'abc', n: 0, data: zipped } }));
    await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.template('delen'), type: 'template', tenantId: 'delen', templateId: leusden.id, version: 'abc', parts: 1, bytes: zipped.length } }));
    const reader = new Store(db, tableName);
    expect((await reader.templates.version('delen', ref(0)))?.template).toEqual(leusden);
    expect((await reader.templates.forYear('delen', 2021)).map((v) => v.version)).toEqual([0]);
    // A version loaded afterwards takes its place for new cycles; version 0 stays readable for the cycles that follow it.
    expect((await store.templates.load('delen', leusden, leusdenYaml, by)).version.version).toBe(1);
    expect((await store.templates.inUse('delen')).map((v) => v.version)).toEqual([1]);
    expect((await new Store(db, tableName).templates.version('delen', ref(0)))?.template).toEqual(leusden);
  });
});
