import { randomBytes } from 'node:crypto';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { documentClient } from '../../../functions/adapters/deps.js';
import { ensureTable } from '../../../infra/local/dynamodb.js';
import type { LocalEndpoint } from '../../../infra/local/aws/http.js';
import { startRecordingProxy } from '../../../infra/local/aws/proxy.js';
import { CallRecorder } from '../../../infra/local/aws/recorder.js';
import { callInChild, credentialsOf, region, unsigned } from './support.js';

/** DynamoDB through the recording proxy: DynamoDB Local answers, the proxy writes down who touched which table. */
const recorder = new CallRecorder();
const table = `aws-${randomBytes(6).toString('hex')}`;
const audit = `${table}-audit`;
const arn = (name: string) => `arn:aws:dynamodb:eu-west-1:000000000000:table/${name}`;
let proxy: LocalEndpoint;

const db = (principal: string) => documentClient(new DynamoDBClient({ endpoint: proxy.url, region, credentials: credentialsOf(principal), maxAttempts: 1 }));
const json = (target: string | undefined, body: string, authorization?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-amz-json-1.0', ...(target ? { 'x-amz-target': target } : {}), ...(authorization ? { authorization } : {}) },
  body,
});
const signedBy = (principal: string) => `AWS4-HMAC-SHA256 Credential=${principal}/20270101/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00`;

beforeAll(async () => {
  await ensureTable(inject('dynamoEndpoint'), table);
  await ensureTable(inject('dynamoEndpoint'), audit);
  proxy = await startRecordingProxy({ target: inject('dynamoEndpoint'), service: 'dynamodb', recorder });
});
afterAll(() => proxy?.close());
beforeEach(() => recorder.clear());

describe('the recording DynamoDB proxy', () => {
  it('passes put, get, query and batch writes to DynamoDB Local and records each against the table ARN', async () => {
    const plan = db('Plan');
    await plan.send(new PutCommand({ TableName: table, Item: { pk: 'TENANT#leusden', sk: 'TENANT', naam: 'Leusden' } }));
    const got = await plan.send(new GetCommand({ TableName: table, Key: { pk: 'TENANT#leusden', sk: 'TENANT' } }));
    expect(got.Item).toEqual({ pk: 'TENANT#leusden', sk: 'TENANT', naam: 'Leusden' });
    await plan.send(new BatchWriteCommand({ RequestItems: { [table]: [{ PutRequest: { Item: { pk: 'TENANT#leusden', sk: 'PARTY#hlve' } } }], [audit]: [{ PutRequest: { Item: { pk: 'A', sk: '1' } } }] } }));
    const query = await plan.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'TENANT#leusden' } }));
    expect(query.Items?.map((i) => i.sk)).toEqual(['PARTY#hlve', 'TENANT']);
    expect(recorder.entries).toEqual([
      { principal: 'Plan', service: 'dynamodb', action: 'dynamodb:PutItem', resource: arn(table) },
      { principal: 'Plan', service: 'dynamodb', action: 'dynamodb:GetItem', resource: arn(table) },
      { principal: 'Plan', service: 'dynamodb', action: 'dynamodb:BatchWriteItem', resource: arn(table) },
      { principal: 'Plan', service: 'dynamodb', action: 'dynamodb:BatchWriteItem', resource: arn(audit) },
      { principal: 'Plan', service: 'dynamodb', action: 'dynamodb:Query', resource: arn(table) },
    ]);
  });

  it('records a transaction as the IAM actions of its items, on every table it names', async () => {
    const linkPage = db('LinkPage');
    await linkPage.send(new PutCommand({ TableName: table, Item: { pk: 'CYCLE', sk: 'DELIVERABLE#bod', status: 'open' } }));
    await linkPage.send(new PutCommand({ TableName: table, Item: { pk: 'CYCLE', sk: 'LINK#1' } }));
    recorder.clear();
    await linkPage.send(
      new TransactWriteCommand({
        TransactItems: [
          { ConditionCheck: { TableName: table, Key: { pk: 'CYCLE', sk: 'LINK#1' }, ConditionExpression: 'attribute_exists(pk)' } },
          { Put: { TableName: table, Item: { pk: 'CYCLE', sk: 'SUBMISSION#1' } } },
          { Put: { TableName: table, Item: { pk: 'CYCLE', sk: 'SUBMISSION#1#FILE' } } },
          { Update: { TableName: table, Key: { pk: 'CYCLE', sk: 'DELIVERABLE#bod' }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'ingediend' } } },
          { Put: { TableName: audit, Item: { pk: 'AUDIT', sk: '1' } } },
        ],
      }),
    );
    const after = await linkPage.send(new GetCommand({ TableName: table, Key: { pk: 'CYCLE', sk: 'DELIVERABLE#bod' } }));
    expect(after.Item?.status).toBe('ingediend');
    // Two puts on one table need one grant: one entry.
    expect(recorder.entries).toEqual([
      { principal: 'LinkPage', service: 'dynamodb', action: 'dynamodb:ConditionCheckItem', resource: arn(table) },
      { principal: 'LinkPage', service: 'dynamodb', action: 'dynamodb:PutItem', resource: arn(table) },
      { principal: 'LinkPage', service: 'dynamodb', action: 'dynamodb:UpdateItem', resource: arn(table) },
      { principal: 'LinkPage', service: 'dynamodb', action: 'dynamodb:PutItem', resource: arn(audit) },
      { principal: 'LinkPage', service: 'dynamodb', action: 'dynamodb:GetItem', resource: arn(table) },
    ]);
  });

  it('pipes DynamoDB Local’s errors back unchanged, so the SDK throws the error the code handles', async () => {
    const act = db('Act');
    const claim = () => act.send(new PutCommand({ TableName: table, Item: { pk: 'NOTICE', sk: 'x' }, ConditionExpression: 'attribute_not_exists(pk)' }));
    await claim();
    await expect(claim()).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(recorder.entries).toEqual([
      { principal: 'Act', service: 'dynamodb', action: 'dynamodb:PutItem', resource: arn(table) },
      { principal: 'Act', service: 'dynamodb', action: 'dynamodb:PutItem', resource: arn(table) },
    ]);
  });

  it('records a call without a table against `*`, and an index query against the index', async () => {
    const status = db('CycleStatus');
    expect((await status.send(new ListTablesCommand({}))).TableNames).toContain(table);
    // DynamoDB Local refuses the unknown index, after the proxy has recorded what was asked.
    await expect(status.send(new QueryCommand({ TableName: table, IndexName: 'byStatus', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'x' } }))).rejects.toMatchObject({ name: 'ValidationException' });
    expect(recorder.entries).toEqual([
      { principal: 'CycleStatus', service: 'dynamodb', action: 'dynamodb:ListTables', resource: '*' },
      { principal: 'CycleStatus', service: 'dynamodb', action: 'dynamodb:Query', resource: `${arn(table)}/index/byStatus` },
    ]);
  });

  it('refuses unsigned and malformed requests in DynamoDB’s shape, forwards none of them, and keeps serving', async () => {
    const body = JSON.stringify({ TableName: table, Key: { pk: { S: 'a' }, sk: { S: 'b' } } });
    const refusals = [
      await unsigned(proxy.url, json('DynamoDB_20120810.GetItem', body)),
      await unsigned(proxy.url, json('DynamoDB_20120810.GetItem', '{"TableName":', signedBy('Plan'))),
      await unsigned(proxy.url, json('DynamoDB_20120810.GetItem', '[1]', signedBy('Plan'))),
      await unsigned(proxy.url, json(undefined, body, signedBy('Plan'))),
      await unsigned(proxy.url, json('DynamoDB_20120810.TransactWriteItems', '{"TransactItems":[{"Put":{}}]}', signedBy('Plan'))),
      await unsigned(proxy.url, json('DynamoDB_20120810.GetItem', body, 'Bearer abc')),
    ];
    expect(refusals.map((r) => [r.status, (JSON.parse(r.text) as { __type: string }).__type.split('#')[1]])).toEqual([
      [403, 'MissingAuthenticationTokenException'],
      [400, 'SerializationException'],
      [400, 'SerializationException'],
      [400, 'UnknownOperationException'],
      [400, 'ValidationException'],
      [403, 'MissingAuthenticationTokenException'],
    ]);
    expect(recorder.entries).toEqual([]);
    expect((await db('Plan').send(new GetCommand({ TableName: table, Key: { pk: 'a', sk: 'b' } }))).Item).toBeUndefined();
  });

  it('answers DynamoDB’s InternalServerError when its target is down, after recording the call', async () => {
    const gone = await startRecordingProxy({ target: 'http://127.0.0.1:9', service: 'dynamodb', recorder });
    try {
      const direct = documentClient(new DynamoDBClient({ endpoint: gone.url, region, credentials: credentialsOf('Plan'), maxAttempts: 1 }));
      await expect(direct.send(new GetCommand({ TableName: table, Key: { pk: 'a', sk: 'b' } }))).rejects.toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
      expect(recorder.entries).toEqual([{ principal: 'Plan', service: 'dynamodb', action: 'dynamodb:GetItem', resource: arn(table) }]);
    } finally {
      await gone.close();
    }
  });

  it('takes the standard AWS_ENDPOINT_URL_DYNAMODB in a child process, the key id naming the caller', async () => {
    const item = { pk: 'TENANT#leusden', sk: 'CONTACT#hlve#1', naam: 'Secretaris' };
    const out = await callInChild('dynamodb', { table, item }, 'Materialise', { AWS_ENDPOINT_URL_DYNAMODB: proxy.url });
    expect(out).toEqual({ node: expect.stringMatching(/^22\./), result: item });
    expect(recorder.entries).toEqual([
      { principal: 'Materialise', service: 'dynamodb', action: 'dynamodb:PutItem', resource: arn(table) },
      { principal: 'Materialise', service: 'dynamodb', action: 'dynamodb:GetItem', resource: arn(table) },
    ]);
  });
});
