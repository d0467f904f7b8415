/**
 * One call through the project's own adapters in a process of its own, with every client built as
 * in Lambda (`new XClient({})`): endpoint, region and credentials come from the environment only
 * (AWS_ENDPOINT_URL_<SERVICE>, AWS_REGION, AWS_ACCESS_KEY_ID). Prints the result as JSON.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../../functions/adapters/deps.js';
import { S3DocumentStore } from '../../../functions/adapters/s3-documents.js';
import { StepFunctionsEngine } from '../../../functions/adapters/engine.js';
import { KmsMacKeyring } from '../../../functions/adapters/link-keys.js';
import { SesMailer, type Mail } from '../../../functions/adapters/mailer.js';

type Args = Record<string, unknown>;

const calls: Record<string, (args: Args) => Promise<unknown>> = {
  async dynamodb({ table, item }) {
    const db = documentClient(new DynamoDBClient({}));
    await db.send(new PutCommand({ TableName: table as string, Item: item as Record<string, unknown> }));
    const { pk, sk } = item as { pk: string; sk: string };
    return (await db.send(new GetCommand({ TableName: table as string, Key: { pk, sk } }))).Item;
  },
  async ses({ from, configurationSet, mail }) {
    return new SesMailer(new SESClient({}), from as string, configurationSet as string).send(mail as Mail);
  },
  async kms({ keyId, data }) {
    const keyring = new KmsMacKeyring(new KMSClient({}), 'k', { k: keyId as string });
    return (await keyring.mac('k', Buffer.from(data as string))).toString('hex');
  },
  async s3({ bucket, key }) {
    return (await new S3DocumentStore(new S3Client({}), bucket as string).read(key as string))?.toString('base64') ?? null;
  },
  async sfn({ machines, input }) {
    const engine = new StepFunctionsEngine(new SFNClient({}), machines as { deliverable: string; cycle: string });
    return engine.startCycle(input as { tenantId: string; year: number });
  },
};

const [name, json] = process.argv.slice(2);
const call = calls[name ?? ''];
if (!call) throw new Error(`unknown call ${name}`);
const result = await call(JSON.parse(json ?? '{}') as Args);
process.stdout.write(JSON.stringify({ node: process.versions.node, result }));
