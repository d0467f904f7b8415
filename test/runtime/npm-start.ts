import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { instantAt, type TimeOfDay } from '../../functions/core/time.js';
import { reservePort } from '../../infra/local/ports.js';

export interface RunningStart {
  child: ChildProcess;
  ports: { http: number; ses: number; dynamodb: number; cognito: number };
  /** Everything it printed so far, stdout and stderr interleaved. */
  out(): string;
  /** Waits until the output matches, or fails with what it printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The local development token printed for curl. */
  token(): string;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** After a test, pass or fail: Ctrl-C, then SIGKILL, then any JVM left on its port (a killed parent leaves it). */
  cleanUp(): Promise<void>;
  exited: Promise<number | null>;
}

const root = new URL('../../', import.meta.url).pathname;

/**
 * Runs the real start script (`npm start` without npm, as test/browser/npm-start.test.ts does) on
 * ports of its own and resolves once its banner is printed.
 */
export async function npmStart(data: string, args: string[] = []): Promise<RunningStart> {
  const ports = { http: await reservePort(0, 'http'), ses: await reservePort(0, 'ses'), dynamodb: await reservePort(0, 'dynamodb'), cognito: await reservePort(0, 'cognito') };
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/local/start.ts', '--data', data, '--http-port', `${ports.http}`, '--ses-port', `${ports.ses}`, '--dynamodb-port', `${ports.dynamodb}`, '--cognito-port', `${ports.cognito}`, ...args],
    { cwd: root, env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 120_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(out);
      if (match) return match;
      if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${pattern} in what npm start printed:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const running: RunningStart = {
    child,
    ports,
    out: () => out,
    waitFor,
    token: () => /Bearer ([^']+)'/.exec(out)![1]!,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exited,
    cleanUp: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      const jvm = dynamoPid(ports.dynamodb);
      if (jvm) process.kill(jvm, 'SIGKILL');
    },
  };
  try {
    await waitFor(/Stoppen: Ctrl-C/);
  } catch (error) {
    await running.cleanUp();
    throw error;
  }
  return running;
}

/** The DynamoDB Local JVM listening on this port (the start script's grandchild), if any. */
export function dynamoPid(port: number): number | undefined {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  const line = ps.split('\n').find((l) => l.includes('DynamoDBLocal.jar') && new RegExp(`-port ${port}(\\s|$)`).test(l));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

/** The status API of the Leusden year, as the coordinator's curl line gets it. */
export async function cycleStatus(start: RunningStart, year: number) {
  const res = await fetch(`http://127.0.0.1:${start.ports.http}/api/tenants/leusden/cycles/${year}`, { headers: { authorization: `Bearer ${start.token()}` } });
  return { status: res.status, body: res.status === 200 ? ((await res.json()) as { deliverables: { instanceId: string; notices: { slotId: string; partyId: string; state: string; sentAt: string | null }[] }[] }) : undefined };
}

const months = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** "31 januari 2027 om 07:00", the clock's time as the banner and mail lines print it (Amsterdam), in ms since the epoch. */
export function parseDutchDateTime(text: string): number {
  const m = /(\d{1,2}) (\p{L}+) (\d{4}) om (\d{2}):(\d{2})/u.exec(text);
  if (!m || !months.includes(m[2]!)) throw new Error(`no Dutch date and time in "${text}"`);
  return instantAt({ year: Number(m[3]), month: months.indexOf(m[2]!) + 1, day: Number(m[1]) }, `${m[4]}:${m[5]}` as TimeOfDay).getTime();
}
