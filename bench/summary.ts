/**
 * `npm run bench`: runs every benchmark script, one after the other, each in its own process (so
 * each must stop what it started and exit by itself), shows their output as it comes, collects the
 * `SUMMARY key=value` lines they print (bench/instrument.ts) and ends with the summary block, one
 * line per figure, `n/a` for what could not be measured. A part that fails or does not exit within
 * BENCH_PART_TIMEOUT_MIN minutes (default 40) is stopped with its process group and said so; the
 * exit code is then 1. Asserts nothing.
 *
 *   npm run bench                       # everything
 *   BENCH_PARTS=season,dashboard npm run bench
 *   BENCH_SEASON_SIZES=1,10 npm run bench
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Part {
  name: string;
  script: string;
  args?: string[];
  logLevel?: string;
}

const parts: Part[] = [
  { name: 'season', script: 'bench/season.ts', args: [process.env.BENCH_SEASON_SIZES ?? '1,10,50'] },
  { name: 'year-vs-calendar', script: 'bench/year-vs-calendar.ts' },
  { name: 'round-trips', script: 'bench/round-trips.ts' },
  { name: 'start-to-first-email', script: 'bench/start-to-first-email.ts' },
  { name: 'dashboard', script: 'bench/dashboard.ts' },
  { name: 'party-pages', script: 'bench/party-pages.ts' },
  { name: 'bundles', script: 'bench/bundles.ts' },
  { name: 'herd', script: 'bench/herd.ts', logLevel: 'ERROR' },
];
const chosen = process.env.BENCH_PARTS ? parts.filter((p) => process.env.BENCH_PARTS!.split(',').includes(p.name)) : parts;
const timeoutMs = Number(process.env.BENCH_PART_TIMEOUT_MIN ?? 40) * 60_000;
const root = fileURLToPath(new URL('../', import.meta.url));

const figures = new Map<string, string>();
/** The part running now: its own process group (so a stuck one can be stopped whole), so Ctrl-C is passed on. */
let current: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (current) {
      try {
        process.kill(-current, signal);
      } catch {
        // gone already
      }
    }
    process.exit(130);
  });
}
const ran: { name: string; seconds: number; outcome: string }[] = [];

/** Runs one part to its end; its SUMMARY lines go into `figures`. */
function run(part: Part): Promise<string> {
  const env = { ...process.env, POWERTOOLS_LOG_LEVEL: part.logLevel ?? 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' };
  const child = spawn(process.execPath, ['--import', 'tsx', part.script, ...(part.args ?? [])], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  current = child.pid;
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const m = /^SUMMARY ([\w-]+)=(.*)$/.exec(line);
      if (m) figures.set(m[1]!, m[2]!.trim());
    }
  });
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = code === 0 ? 'exited 0' : `failed (${signal ?? `exit ${code}`})`));
  let timedOut = false;
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    process.stderr.write(`bench: ${part.name} did not end within ${timeoutMs / 60_000} min; stopping its process group\n`);
    kill('SIGTERM');
    setTimeout(() => kill('SIGKILL'), 5000).unref();
  }, timeoutMs);
  // 'close' comes once the output pipe is closed: also by whatever the part started and left running.
  return new Promise((done) =>
    child.once('close', () => {
      clearTimeout(timer);
      current = undefined;
      done(!timedOut ? exit! : exit ? `${exit}, but what it started kept running (stopped)` : 'stopped: did not exit');
    }),
  );
}

const started = performance.now();
for (const part of chosen) {
  console.log(`\n=== ${part.name} (${part.script}) ===`);
  const t = performance.now();
  const outcome = await run(part);
  ran.push({ name: part.name, seconds: (performance.now() - t) / 1000, outcome });
}
const total = (performance.now() - started) / 1000;

const f = (key: string) => figures.get(key) ?? 'n/a';
const herd = figures.get('herd')?.split(',');
const h = (i: number) => herd?.[i] ?? 'n/a';
console.log('\n=== parts ===');
for (const r of ran) console.log(`  ${r.name.padEnd(22)} ${r.seconds.toFixed(0).padStart(5)} s  ${r.outcome}`);
console.log(`  ${'all'.padEnd(22)} ${total.toFixed(0).padStart(5)} s`);
console.log(`  submission round trips that were the forward (2 per recipient: the claim, with a first read link, and the mark): median ${f('submission_forward_calls')}; without the forward: median ${f('submission_without_forward')}`);
console.log(`
submission round trips: ${f('submission_round_trips')} (floor 3)
act round trips: ${f('act_round_trips')} (floor 3)
status read KiB at year end: ${f('status_read_kib_year_end')}
jaaroverzicht p95 ratio 284/71 instances: ${f('jaaroverzicht_p95_ratio')}
transitions per year vs floor: ${f('transitions_per_year_vs_floor')}
simulated year vs calendar: ${f('simulated_year_vs_calendar')}
simulated year scaling 10/1 municipalities: ${f('simulated_year_scaling_10_1')}
herd mails: ${h(0)}, duplicates: ${h(1)}, lost: ${h(2)}, seconds: ${h(3)} (floor ${h(4)})
cold start ratio worst function: ${f('cold_start')}`);
process.exitCode = ran.every((r) => r.outcome === 'exited 0') ? 0 : 1;
