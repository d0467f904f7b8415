/**
 * The simulated Leusden year 2021, N times (default 10) while a CPU-burning child process runs on
 * every core: the outcome must not depend on the load. Prints per run the real time, the number of
 * ledger entries, their SHA-256 and the differences from the calendar, then whether every run was
 * identical. The burners stop with this script, and on their own after `--burn-minutes` at most.
 *
 *   POWERTOOLS_LOG_LEVEL=ERROR POWERTOOLS_METRICS_DISABLED=true npm exec -- tsx bench/simulated-year-under-load.ts [runs] [--burn-minutes 60]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '../infra/local/dynamodb.js';
import { loadScenario, simulateYear } from '../infra/local/simulate.js';
import { calendarMismatches, ledgerDigest } from '../test/runtime/year-ledger.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'burn-minutes': { type: 'string', default: '60' } } });
const runs = Number(positionals[0] ?? 10);
const templateFile = new URL('../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
const scenario = loadScenario(new URL('../workflows/cycles/scenarios/leusden-2021.yaml', import.meta.url).pathname);

// Each burner spins until its own deadline, so none outlives a killed bench by more than that.
const burnUntil = Date.now() + Number(values['burn-minutes']) * 60_000;
const burners: ChildProcess[] = Array.from({ length: availableParallelism() }, () =>
  spawn(process.execPath, ['-e', `while (Date.now() < ${burnUntil}) {}`], { stdio: 'ignore' }),
);
const stopBurners = () => burners.forEach((b) => b.exitCode === null && b.kill('SIGKILL'));
process.once('exit', stopBurners);
process.once('SIGINT', () => process.exit(130));

const dynamo = await startDynamoDbLocal();
const results: { wallS: number; entries: number; sha256: string; problems: string[] }[] = [];
try {
  console.log(`simulated Leusden year 2021, ${runs} runs, ${burners.length} CPU burners (one per core)\n`);
  console.log('run  real time  entries  ledger sha256   calendar');
  for (let i = 1; i <= runs; i++) {
    const result = await simulateYear({ templateFile, year: 2021, scenario, dynamoEndpoint: dynamo.endpoint, tableName: `load-${i}-${Date.now()}` });
    const { lines, sha256 } = ledgerDigest(result);
    const problems = calendarMismatches(result, templateFile, 2021, scenario);
    results.push({ wallS: result.wallMs / 1000, entries: lines.length, sha256, problems });
    console.log(`${String(i).padStart(3)}  ${`${(result.wallMs / 1000).toFixed(1)} s`.padStart(9)}  ${String(lines.length).padStart(7)}  ${sha256.slice(0, 14)}  ${problems.length === 0 ? 'as planned' : `${problems.length} differences`}`);
    for (const p of problems.slice(0, 5)) console.log(`       ${p}`);
  }
} finally {
  await dynamo.stop();
  stopBurners();
}
const digests = new Set(results.map((r) => r.sha256));
const walls = results.map((r) => r.wallS).sort((a, b) => a - b);
console.log(`\nidentical: ${digests.size === 1 ? 'yes' : `no, ${digests.size} different ledgers`}; as planned: ${results.filter((r) => r.problems.length === 0).length} of ${results.length}`);
console.log(`real time per year: min ${walls[0]!.toFixed(1)} s, median ${walls[Math.floor(walls.length / 2)]!.toFixed(1)} s, max ${walls.at(-1)!.toFixed(1)} s`);
process.exitCode = digests.size === 1 && results.every((r) => r.problems.length === 0) ? 0 : 1;
