/**
 * Measures what a coordinator waits for: each dashboard page of the Leusden year 2022 (71
 * deliverables, the 2020-2022 template), served by the same handlers as in Lambda over DynamoDB
 * Local, after a part of the year has happened (submissions, an extension, a waiver). Prints the
 * median and 95th percentile per page, and the page size.
 */
import { ScaledClock } from '../functions/adapters/clock.js';
import { formTokenOf } from '../functions/coordinator/session.js';
import { startLocalCloud } from '../infra/local/cloud.js';
import { openCycleLocally, seedTenant } from '../infra/local/seed.js';

const rounds = Number(process.argv[2] ?? 40);
const clock = new ScaledClock(new Date('2022-03-20T10:00:00Z'), 1);
const cloud = await startLocalCloud({ clock });
await seedTenant(cloud.store, 'leusden', 'Gemeente Leusden', new URL('../workflows/cycles/leusden-2020-2022.yaml', import.meta.url));
await openCycleLocally(cloud.engine, 'leusden', 2022);
cloud.engine.stop();

const base = `${cloud.urls.http}/beheer/leusden/2022`;
const headers = { cookie: `beheer=${cloud.devToken}` };
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ formulier: formTokenOf(cloud.devToken), ...fields }).toString(),
});
// Some of the year: an extension, a waiver, a meeting date.
await fetch(`${base}/leveringen/huuradvies`, form({ actie: 'verlengen', nieuweDatum: '2022-04-15', reden: 'bench' }));
await fetch(`${base}/leveringen/bod-wsl`, form({ actie: 'vrijstellen', reden: 'bench' }));
await fetch(`${base}/datums`, form({ actie: 'vergadering', id: 'voorjaarsoverleg', datum: '2022-04-12', tijd: '19:30' }));

const pages: [string, string][] = [
  ['Jaaroverzicht', base],
  ['Leveringen', `${base}/leveringen`],
  ['Leveringen, gefilterd', `${base}/leveringen?partij=hlve&status=open&sorteer=aflopend`],
  ['Levering (detail)', `${base}/leveringen/huuradvies`],
  ['Partijen en contacten', `${base}/partijen`],
  ['Verantwoording', `${base}/verantwoording`],
  ['CSV', `${base}/export.csv`],
];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
console.log(`dashboard pages, Leusden 2022 (71 deliverables), ${rounds} requests each after 5 warm-up requests:`);
for (const [name, url] of pages) {
  let bytes = 0;
  for (let i = 0; i < 5; i++) await (await fetch(url, { headers })).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
    times.push(performance.now() - started);
  }
  console.log(`  ${name.padEnd(24)} median ${pct(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(times, 0.95).toFixed(1).padStart(6)} ms   ${(bytes / 1024).toFixed(0).padStart(4)} KiB`);
}
console.log(`  heap after: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`);
await cloud.stop();
