/**
 * Measures what a coordinator waits for: each dashboard page of the Leusden year 2022 (71
 * deliverables, the 2020-2022 template), served by the same handlers as in Lambda over DynamoDB
 * Local, after a part of the year has happened (submissions, an extension, a waiver). Prints the
 * median and 95th percentile per page, and the page size. Then the Jaaroverzicht of the same year
 * of a template four times as large (bench/scaled-template.ts: 284 instances), and the ratio of the
 * two p95s. Asserts nothing.
 *
 *   npm run bench:dashboard -- [rounds=40]
 */
import { ScaledClock } from '../functions/adapters/clock.js';
import { formTokenOf } from '../functions/coordinator/session.js';
import { startLocalCloud } from '../infra/local/cloud.js';
import { openCycleLocally, seedTenant } from '../infra/local/seed.js';
import { pct, ratio, summary } from './instrument.js';
import { scaledTemplate } from './scaled-template.js';

const rounds = Number(process.argv[2] ?? 40);
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

  /** `rounds` requests after 5 warm-up requests: the times and the last page's size. */
  const measure = async (name: string, url: string) => {
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
    return pct(times, 0.95);
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
  // Both Jaaroverzichten one after the other, each warm, so the order of the table does not count.
  console.log(`the Jaaroverzicht again, and at four times the deliverables (${instances.get(large)} instances):`);
  const small = await measure(`Jaaroverzicht (${instances.get('leusden')})`, base);
  const big = await measure(`Jaaroverzicht (${instances.get(large)})`, `${cloud.urls.http}/beheer/${large}/2022`);
  console.log(`  p95 ratio ${instances.get(large)}/${instances.get('leusden')} instances: ${ratio(big, small)} (the issue asks at most 1.2)`);
  console.log(`  heap after: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`);
  summary('jaaroverzicht_p95_ratio', ratio(big, small));
} finally {
  await cloud.stop();
}
