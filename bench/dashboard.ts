/**
 * Measures what a coordinator waits for: each dashboard page of the Leusden year 2022 (71
 * deliverables, the 2020-2022 template), served by the same handlers as in Lambda over DynamoDB
 * Local, after a part of the year has happened (submissions, an extension, a waiver). Prints the
 * median and 95th percentile per page, and the page size. Then the Jaaroverzicht of the same year
 * of a template four times as large (bench/scaled-template.ts: 284 instances) against that of
 * Leusden itself, interleaved (a request to one, then to the other, the order swapped every round)
 * after warm-up of both, so that a drift in the machine's load hits both sizes alike; and the ratio
 * of the two p95s. Asserts nothing.
 *
 *   npm run bench:dashboard -- [rounds=40] [pairs=max(200, rounds)]
 */
import { ScaledClock } from '../functions/adapters/clock.js';
import { formTokenOf } from '../functions/coordinator/session.js';
import { startLocalCloud } from '../infra/local/cloud.js';
import { openCycleLocally, seedTenant } from '../infra/local/seed.js';
import { pct, ratio, summary } from './instrument.js';
import { scaledTemplate } from './scaled-template.js';

const rounds = Number(process.argv[2] ?? 40);
/** Requests to each Jaaroverzicht in the interleaved comparison: many, as a p95 of 40 is mostly noise. */
const pairs = Number(process.argv[3] ?? Math.max(200, rounds));
const templateFile = new URL('../workflows/cycles/leusden-2020-2022.yaml', import.meta.url);
const clock = new ScaledClock(new Date('2022-03-20T10:00:00Z'), 1);
const cloud = await startLocalCloud({ clock });
try {
  const large = 'leusden-x4';
  await seedTenant(cloud.store, 'leusden', 'Gemeente Leusden', templateFile);
  await seedTenant(cloud.store, large, 'Gemeente Leusden (4×)', scaledTemplate(templateFile, 4));
  const instances = new Map<string, number>();
  for (const tenant of ['leusden', large]) {
    const opened = await openCycleLocally(cloud.engine, tenant, 2022);
    instances.set(tenant, opened.opened.length + opened.alreadyOpen.length);
  }
  cloud.engine.stop();

  const token = await cloud.mintToken(['leusden', large]);
  const headers = { cookie: `beheer=${token}` };
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    redirect: 'manual' as const,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ formulier: formTokenOf(token), ...fields }).toString(),
  });
  // Some of the year, in both: an extension, a waiver, a meeting date.
  for (const tenant of ['leusden', large]) {
    const base = `${cloud.urls.http}/beheer/${tenant}/2022`;
    await fetch(`${base}/leveringen/huuradvies`, form({ actie: 'verlengen', nieuweDatum: '2022-04-15', reden: 'bench' }));
    await fetch(`${base}/leveringen/bod-wsl`, form({ actie: 'vrijstellen', reden: 'bench' }));
    await fetch(`${base}/datums`, form({ actie: 'vergadering', id: 'voorjaarsoverleg', datum: '2022-04-12', tijd: '19:30' }));
  }

  /** One request: its time, after checking the status; and the page's size. */
  const request = async (name: string, url: string) => {
    const started = performance.now();
    const res = await fetch(url, { headers });
    const bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
    return { ms: performance.now() - started, bytes };
  };
  const report = (name: string, times: number[], bytes: number) => {
    console.log(`  ${name.padEnd(24)} median ${pct(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(times, 0.95).toFixed(1).padStart(6)} ms   ${(bytes / 1024).toFixed(0).padStart(4)} KiB`);
    return pct(times, 0.95);
  };

  /** `rounds` requests after 5 warm-up requests: the times and the last page's size. */
  const measure = async (name: string, url: string) => {
    for (let i = 0; i < 5; i++) await request(name, url);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < rounds; i++) {
      const r = await request(name, url);
      times.push(r.ms);
      bytes = r.bytes;
    }
    return report(name, times, bytes);
  };

  const base = `${cloud.urls.http}/beheer/leusden/2022`;
  const pages: [string, string][] = [
    ['Jaaroverzicht', base],
    ['Leveringen', `${base}/leveringen`],
    ['Leveringen, gefilterd', `${base}/leveringen?partij=hlve&status=open&sorteer=aflopend`],
    ['Levering (detail)', `${base}/leveringen/huuradvies`],
    ['Partijen en contacten', `${base}/partijen`],
    ['Verantwoording', `${base}/verantwoording`],
    ['CSV', `${base}/export.csv`],
  ];
  console.log(`dashboard pages, Leusden 2022 (${instances.get('leusden')} deliverables), ${rounds} requests each after 5 warm-up requests:`);
  for (const [name, url] of pages) await measure(name, url);
  // Both Jaaroverzichten interleaved, each warm: small then large, large then small, and so on, so
  // that neither the order nor a change in the machine's load favours one size.
  const sizes = [
    { name: `Jaaroverzicht (${instances.get('leusden')})`, url: base, times: [] as number[], bytes: 0 },
    { name: `Jaaroverzicht (${instances.get(large)})`, url: `${cloud.urls.http}/beheer/${large}/2022`, times: [] as number[], bytes: 0 },
  ];
  console.log(`the Jaaroverzicht again, and at four times the deliverables (${instances.get(large)} instances):`);
  console.log(`  (interleaved, ${pairs} requests each after 5 warm-up requests each)`);
  for (let i = 0; i < 5; i++) for (const s of sizes) await request(s.name, s.url);
  for (let i = 0; i < pairs; i++) {
    for (const s of i % 2 ? [...sizes].reverse() : sizes) {
      const r = await request(s.name, s.url);
      s.times.push(r.ms);
      s.bytes = r.bytes;
    }
  }
  const [small, big] = sizes.map((s) => report(s.name, s.times, s.bytes)) as [number, number];
  console.log(`  p95 ratio ${instances.get(large)}/${instances.get('leusden')} instances: ${ratio(big, small)} (the issue asks at most 1.2)`);
  console.log(`  heap after: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`);
  summary('jaaroverzicht_p95_ratio', ratio(big, small));
} finally {
  await cloud.stop();
}
