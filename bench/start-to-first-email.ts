/**
 * Measures what a new user waits for: from `npm start` (the start script, fast clock, empty data) to
 * the first reminder in the SES local inbox, and how long Ctrl-C takes to stop everything.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 3);
const ports = { http: 3311, ses: 8311, dynamodb: 8312, cognito: 8313 };

async function once(): Promise<{ firstEmailMs: number; stopMs: number }> {
  const data = mkdtempSync(join(tmpdir(), 'prestatiecyclus-bench-'));
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/local/start.ts', '--data', data, '--http-port', `${ports.http}`, '--ses-port', `${ports.ses}`, '--dynamodb-port', `${ports.dynamodb}`, '--cognito-port', `${ports.cognito}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let gone = false;
  const exited = new Promise<void>((done) => child.once('exit', () => ((gone = true), done())));
  let firstEmailMs = Number.NaN;
  while (performance.now() - started < 120_000 && !gone) {
    try {
      const res = await fetch(`http://127.0.0.1:${ports.ses}/store`);
      const { emails } = (await res.json()) as { emails: { subject: string }[] };
      // The year calendars go out at the opening; what a user waits for is the first reminder.
      if (emails.some((m) => m.subject.startsWith('Herinnering'))) {
        firstEmailMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (gone) throw new Error(`npm start stopped before the first reminder: ${stderr.trim()}`);
  const stopping = performance.now();
  child.kill('SIGINT');
  await exited;
  const stopMs = performance.now() - stopping;
  rmSync(data, { recursive: true, force: true });
  return { firstEmailMs, stopMs };
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`npm start → first reminder in the inbox (fresh data, fast clock, default template), ${runs} runs:`);
console.log(`  each:   ${results.map((r) => fmt(r.firstEmailMs)).join(', ')}`);
console.log(`  median: ${fmt(median(results.map((r) => r.firstEmailMs)))}`);
console.log(`Ctrl-C → every child process stopped: median ${fmt(median(results.map((r) => r.stopMs)))}`);
