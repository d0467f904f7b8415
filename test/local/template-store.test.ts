import { readFileSync } from 'node:fs';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
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

describe('the stored template', () => {
  it('at ten times Leusden is stored (no item reaches the 400 KB limit) and read back exactly', async () => {
    const yaml = leusdenYaml.repeat(10);
    expect(JSON.stringify(tenfold).length + yaml.length).toBeGreaterThan(400 * 1024 * 2);
    const { store, db, tableName } = await countedStore();
    await store.tenants.putTemplate('groot', tenfold, yaml);
    // Another store (a new container) reads it from the table.
    const read = await new Store(db, tableName).tenants.getTemplate('groot');
    expect(read?.template).toEqual(tenfold);
    expect(read?.yaml).toBe(yaml);
  });

  it('is read once per container and version: afterwards only its small head', async () => {
    const { store, calls, db, tableName } = await countedStore();
    await store.tenants.putTemplate('leusden', leusden, leusdenYaml);
    const reader = new Store(db, tableName);
    calls.length = 0;
    expect((await reader.tenants.getTemplate('leusden'))?.template).toEqual(leusden);
    expect(calls).toEqual(['GetItemCommand', 'QueryCommand']);
    calls.length = 0;
    for (let i = 0; i < 5; i++) expect((await reader.tenants.getTemplate('leusden'))?.template).toEqual(leusden);
    expect(calls).toEqual(Array(5).fill('GetItemCommand'));
    // A new version is read once more, then cached in turn.
    const changed = { ...leusden, title: `${leusden.title} (gewijzigd)` };
    await store.tenants.putTemplate('leusden', changed, leusdenYaml);
    calls.length = 0;
    expect((await reader.tenants.getTemplate('leusden'))?.template.title).toBe(changed.title);
    expect(calls).toEqual(['GetItemCommand', 'QueryCommand']);
  });

  it('stored whole by older code, it is still read', async () => {
    const { store, db, tableName } = await countedStore();
    await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.template('oud'), type: 'template', tenantId: 'oud', templateId: leusden.id, template: leusden, yaml: leusdenYaml } }));
    const read = await store.tenants.getTemplate('oud');
    expect(read?.template).toEqual(leusden);
    expect(read?.yaml).toBe(leusdenYaml);
  });
});
