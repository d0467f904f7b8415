/**
 * `npm start` left alone for a whole year on a fast clock: does every notice of the calendar go
 * out, once? Runs the start script (fresh data, the clock from an hour before the first notice, a
 * speed that fits the year in `--minutes` of real time), waits until the clock is a day past the
 * last notice, then compares the SES local inbox (and the ledger in the status API) with
 * `npm run cycle -- calendar --format json`, and prints planned / sent / merged / missing / doubled.
 *
 *   npm exec -- tsx bench/unattended-year.ts [--template FILE] [--year 2027] [--minutes 4] [--speed N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Email } from 'aws-ses-v2-local/dist/store.js';
import { reservePort } from '../infra/local/ports.js';
import { leusdenContacts, readTemplate } from '../infra/local/seed.js';

const { values } = parseArgs({
  options: {
    template: { type: 'string', default: 'workflows/cycles/leusden-omthuis-2026.yaml' },
    year: { type: 'string', default: '2027' },
    minutes: { type: 'string', default: '4' },
    speed: { type: 'string' },
  },
});
const year = Number(values.year);
const { template } = readTemplate(values.template);

type Slot = { id: string; kind: 'reminder' | 'due-today' | 'overdue'; utc: string };
const calendar = JSON.parse(
  spawnSync('npm', ['run', '-s', 'cycle', '--', 'calendar', '--template', values.template, '--year', `${year}`, '--format', 'json'], { encoding: 'utf8' }).stdout,
) as { instances: { instanceId: string; responsible: string; reminders: Slot[] }[] };

// The directory the start script seeds: Leusden's contacts, or a generated one per other party.
const contacts = template.parties.map((p) => {
  const known = leusdenContacts.find((c) => c.partyId === p.id);
  return { partyId: p.id, email: known?.email ?? `${p.id}@example.org`, coordinator: known ? known.coordinator : p.id === template.coordinatorParty };
});
const subjectOf = { reminder: 'Herinnering', 'due-today': 'Vandaag', overdue: 'Termijn verstreken' } as const;

/** Every notice the calendar plans: slot × recipient, with the mail it should be. */
const planned = calendar.instances.flatMap((i) =>
  i.reminders.flatMap((slot) => {
    const party = contacts.filter((c) => c.partyId === i.responsible);
    // An overdue notice also goes to the coordinators, once to a coordinator who is the party's own contact.
    const coordinators = slot.kind === 'overdue' ? contacts.filter((c) => c.coordinator && !party.includes(c)) : [];
    return [
      ...party.map((c) => ({ instanceId: i.instanceId, slot, partyId: i.responsible, email: c.email, subject: subjectOf[slot.kind] })),
      ...coordinators.map((c) => ({ instanceId: i.instanceId, slot, partyId: i.responsible, email: c.email, subject: 'Escalatie' })),
    ];
  }),
);
const times = planned.map((p) => Date.parse(p.slot.utc));
const first = Math.min(...times);
const last = Math.max(...times);
const from = new Date(first - 3_600_000);
const end = last + 86_400_000;
const speed = Number(values.speed ?? Math.round((end - from.getTime()) / (Number(values.minutes) * 60_000)));

const data = mkdtempSync(join(tmpdir(), 'prestatiecyclus-onbeheerd-'));
const ports = { http: await reservePort(0, 'http'), ses: await reservePort(0, 'ses'), dynamodb: await reservePort(0, 'dynamodb'), cognito: await reservePort(0, 'cognito') };
const args = ['--fresh', '--template', values.template, '--year', `${year}`, '--speed', `${speed}`, '--from', from.toISOString()];
console.log(`npm start -- ${args.join(' ')}  (${planned.length} notices planned, ${new Date(first).toISOString()} to ${new Date(last).toISOString()})`);
const started = performance.now();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'infra/local/start.ts', ...args, '--data', data, '--http-port', `${ports.http}`, '--ses-port', `${ports.ses}`, '--dynamodb-port', `${ports.dynamodb}`, '--cognito-port', `${ports.cognito}`],
  { env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] },
);
let out = '';
child.stdout.on('data', (c: Buffer) => (out += c.toString()));
child.stderr.on('data', (c: Buffer) => (out += c.toString()));
const exited = new Promise<number | null>((done) => child.once('exit', done));
const clockNow = () => {
  try {
    return Date.parse((JSON.parse(readFileSync(join(data, 'klok.json'), 'utf8')) as { now: string }).now);
  } catch {
    return 0;
  }
};
while (clockNow() < end) {
  if (child.exitCode !== null) throw new Error(`npm start stopped (${child.exitCode}):\n${out}`);
  await new Promise((r) => setTimeout(r, 1000));
}
await new Promise((r) => setTimeout(r, 3000)); // what was under way when the clock passed the end
const realS = (performance.now() - started) / 1000;
const token = /Bearer ([^']+)'/.exec(out)![1]!;
const status = (await (await fetch(`http://127.0.0.1:${ports.http}/api/tenants/leusden/cycles/${year}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
  deliverables: { instanceId: string; notices: { slotId: string; partyId: string; contactId: string; state: string; sentAt: string | null }[] }[];
};
const mails = ((await (await fetch(`http://127.0.0.1:${ports.ses}/store`)).json()) as { emails: Email[] }).emails;
child.kill('SIGINT');
await exited;
rmSync(data, { recursive: true, force: true });

/** The instance a mail is about: from the signed link's payload, or the escalation's dashboard address. */
function instanceOf(mail: Email): string | undefined {
  const text = mail.body.text ?? '';
  const token = /\/l\/v1\.[^.]+\.([A-Za-z0-9_-]+)\./.exec(text);
  if (token) return (JSON.parse(Buffer.from(token[1]!, 'base64url').toString()) as unknown[])[2] as string;
  return /\/leveringen\/([a-z0-9-]+)/.exec(text)?.[1];
}
const key = (instanceId: string, email: string, subject: string) => `${instanceId} ${email} ${subject}`;
const mailed = new Map<string, number>();
const notices = mails.filter((m) => !m.subject.startsWith('Jaarkalender'));
for (const m of notices) {
  const k = key(instanceOf(m) ?? '?', m.destination.to[0]!, m.subject.split(':')[0]!);
  mailed.set(k, (mailed.get(k) ?? 0) + 1);
}
const ledger = status.deliverables.flatMap((d) => d.notices.map((n) => ({ ...n, instanceId: d.instanceId })));
const contactOf = (email: string) => leusdenContacts.find((c) => c.email === email)?.contactId ?? 'contact';
const isMerged = (p: (typeof planned)[number]) =>
  ledger.some((n) => n.instanceId === p.instanceId && n.slotId === p.slot.id && n.contactId === contactOf(p.email) && n.state === 'merged');

let sent = 0;
let merged = 0;
const missing: string[] = [];
const doubled: string[] = [];
for (const k of new Set(planned.map((p) => key(p.instanceId, p.email, p.subject)))) {
  const slots = planned.filter((p) => key(p.instanceId, p.email, p.subject) === k);
  const carried = slots.filter(isMerged).length;
  const got = mailed.get(k) ?? 0;
  mailed.delete(k);
  merged += carried;
  sent += Math.min(got, slots.length - carried);
  if (got < slots.length - carried) missing.push(`${k}: ${slots.length - carried - got} of ${slots.map((s) => s.slot.id).join(', ')}`);
  if (got > slots.length - carried) doubled.push(`${k}: ${got - (slots.length - carried)} more than ${slots.length - carried}`);
}
const delays = ledger
  .filter((n) => n.sentAt)
  .map((n) => {
    const slot = calendar.instances.find((i) => i.instanceId === n.instanceId)?.reminders.find((s) => s.id === n.slotId);
    return slot ? (Date.parse(n.sentAt!) - Date.parse(slot.utc)) / 60_000 : Number.NaN;
  })
  .filter((d) => !Number.isNaN(d))
  .sort((a, b) => a - b);

console.log(`
unattended year ${year}, template ${template.id}: ${speed}× (${(realS / 60).toFixed(1)} min real time)
  planned    ${planned.length}  (slot × recipient, from the calendar)
  sent       ${sent}  (a mail of its own in the inbox)
  merged     ${merged}  (carried by a later mail, as the ledger records)
  missing    ${missing.length ? missing.reduce((n, m) => n + Number(/: (\d+) of/.exec(m)![1]), 0) : 0}
  doubled    ${doubled.length ? doubled.reduce((n, m) => n + Number(/: (\d+) more/.exec(m)![1]), 0) : 0}
  unplanned  ${[...mailed.values()].reduce((a, b) => a + b, 0)}  (mails the calendar has no slot for)
  ledger     ${ledger.length} entries: ${[...new Set(ledger.map((n) => n.state))].map((s) => `${ledger.filter((n) => n.state === s).length} ${s}`).join(', ')}
  late       sent after the planned time by median ${delays[Math.floor(delays.length / 2)]?.toFixed(0)} min, at most ${delays.at(-1)?.toFixed(0)} min (simulated)`);
for (const m of missing) console.log(`  missing: ${m}`);
for (const d of doubled) console.log(`  doubled: ${d}`);
for (const [k, n] of mailed) console.log(`  unplanned: ${k} (${n})`);
const incidents = out.split('\n').filter((l) => l.startsWith('prestatiecyclus:') || l.includes('"level":"ERROR"') || l.includes('"level":"WARN"'));
if (incidents.length) console.log(`  the terminal also said:\n${incidents.slice(0, 20).map((l) => `    ${l.slice(0, 300)}`).join('\n')}`);
process.exitCode = missing.length || doubled.length ? 1 : 0;
