/**
 * Per deployed function: what its bundle holds and what its cold start costs. Synthesizes the
 * stack (or reads a cloud assembly given as the first argument), then for each bundle prints its
 * size, the AWS SDK packages it imports, a bare bundle importing only those packages (built with
 * the same esbuild settings), and the init time of each in a fresh Node process (median of 5).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { synthesize } from '../test/deployed/synth.js';
import { constructIdOf, functionsOf, readAssembly } from '../test/deployed/template.js';

const root = new URL('../', import.meta.url).pathname;
const outdir = process.argv[2] ?? (await synthesize());
if (!existsSync(join(outdir, 'node_modules'))) {
  mkdirSync(join(outdir, 'node_modules'));
  symlinkSync(join(root, 'node_modules/@aws-sdk'), join(outdir, 'node_modules/@aws-sdk'));
}
const template = readAssembly(outdir);

/** Milliseconds to import a module in a fresh Node process, median of `runs`. */
function initMs(file: string, runs = 5): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}).catch(() => {}); console.log(performance.now() - t);`;
  const times = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: outdir, env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1' } }).toString()));
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const rows: string[][] = [];
const ratios: { name: string; ratio: number; sdk: number; init: number }[] = [];
const bare = mkdtempSync(join(tmpdir(), 'bare-'));
symlinkSync(join(root, 'node_modules'), join(bare, 'node_modules'));
for (const fn of functionsOf(template, outdir).sort((a, b) => a.logicalId.localeCompare(b.logicalId))) {
  const bundle = join(fn.assetDir, 'index.mjs');
  const code = readFileSync(bundle, 'utf8');
  const sdk = [...new Set([...code.matchAll(/from\s*"(@aws-sdk\/[\w-]+)"/g)].map((m) => m[1]!))].sort();
  const entry = join(bare, `${fn.logicalId}.mjs`);
  writeFileSync(entry, `${sdk.map((p, i) => `import * as m${i} from '${p}';`).join('\n')}\nexport const handler = async () => [${sdk.map((_, i) => `m${i}`).join(', ')}].length;\n`);
  const bareOut = join(outdir, `bare-${fn.logicalId}.mjs`);
  await build({ entryPoints: [entry], outfile: bareOut, bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true, external: ['@aws-sdk/*'], logLevel: 'silent' });
  const name = constructIdOf(template.Resources[fn.logicalId]!);
  const [init, bareInit] = [initMs(bundle), initMs(bareOut)];
  ratios.push({ name, ratio: init / bareInit, sdk: sdk.length, init });
  rows.push([name, kb(statSync(bundle).size), sdk.map((p) => p.replace('@aws-sdk/', '')).join(' ') || '-', `${init.toFixed(0)} ms`, `${bareInit.toFixed(0)} ms`, (init / bareInit).toFixed(2)]);
}
const header = ['function', 'bundle', 'AWS SDK packages it imports', 'init', 'init of a bare bundle of those packages', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join('  '));
// For bench/summary.ts: the function whose init is furthest above that of its SDK packages alone. A
// function that imports none has an empty bare bundle (a few ms), so its ratio says nothing: it is
// listed with its own init instead.
const withSdk = ratios.filter((r) => r.sdk > 0).sort((a, b) => b.ratio - a.ratio);
const without = ratios.filter((r) => r.sdk === 0);
if (without.length > 0) console.log(`no AWS SDK package (not in the worst ratio): ${without.map((r) => `${r.name} ${r.init.toFixed(0)} ms`).join(', ')}`);
if (withSdk[0]) console.log(`SUMMARY cold_start=${withSdk[0].ratio.toFixed(2)} (${withSdk[0].name})`);
