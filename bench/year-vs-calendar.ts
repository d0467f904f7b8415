/**
 * What a simulated year costs against planning it: the whole-process wall time of the simulator
 * (cli/simulate.ts, as `npm run simulate` runs it) for the Leusden year 2021, divided by that of
 * `cycle calendar` (cli/cycle.ts) for the same template and year, both started the same way
 * (node --import tsx, no npm in between) in the same run. Asserts nothing.
 *
 *   npm exec -- tsx bench/year-vs-calendar.ts [calendar runs=3] [simulate runs=1]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pct, ratio, summary } from './instrument.js';

const calendarRuns = Number(process.argv[2] ?? 3);
const simulateRuns = Number(process.argv[3] ?? 1);
const root = fileURLToPath(new URL('../', import.meta.url));
const template = 'workflows/cycles/leusden-2020-2022.yaml';
const scenario = 'workflows/cycles/scenarios/leusden-2021.yaml';
const env = { ...process.env, POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' };

/** Milliseconds from spawn to exit of `node --import tsx <args>`; its output is discarded. */
function wholeProcess(args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) =>
    child.once('exit', (code) => (code === 0 ? done(performance.now() - started) : fail(new Error(`${args.join(' ')} exited ${code}: ${stderr.trim().slice(-500)}`)))),
  );
}

const calendar: number[] = [];
for (let i = 0; i < calendarRuns; i++) calendar.push(await wholeProcess(['cli/cycle.ts', 'calendar', '--template', template, '--year', '2021']));
const simulate: number[] = [];
for (let i = 0; i < simulateRuns; i++) simulate.push(await wholeProcess(['cli/simulate.ts', '--template', template, '--year', '2021', '--scenario', scenario]));
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`whole process, Leusden 2021 (leusden-2020-2022), node --import tsx:`);
console.log(`  cycle calendar    ${calendar.map(s).join(', ')} (median ${s(pct(calendar, 0.5))})`);
console.log(`  simulate          ${simulate.map(s).join(', ')} (median ${s(pct(simulate, 0.5))}), scenario leusden-2021`);
console.log(`  ratio             ${ratio(pct(simulate, 0.5), pct(calendar, 0.5))} (the issue asks at most 5)`);
summary('simulated_year_vs_calendar', ratio(pct(simulate, 0.5), pct(calendar, 0.5)));
