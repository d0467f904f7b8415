/**
 * The 1 July herd: N municipalities on one local cloud, each with one deliverable whose only notice
 * (due today) falls at 09:00 Europe/Amsterdam on 1 July 2027, behind an SES that takes `rate` mails
 * per second of the simulated clock and throws `Throttling` ('Maximum sending rate exceeded.') above
 * it, as SES does. Act throws NoticesThrottled and the deliverable workflow's Retry tries again with
 * jittered backoff (workflows/deliverable.asl.json, timed on the clock by the local runtime); this prints how close that comes to the ideal (mails / rate) and
 * checks that every planned mail is delivered exactly once.
 *
 *   npm exec -- tsx bench/herd.ts [municipalities=342] [rate=14]
 *
 * Calendar mails of the opening go out before the herd (the throttle is armed after opening) and
 * are not counted.
 */
import type { Mail, Mailer } from '../functions/adapters/mailer.js';
import type { ActResult } from '../functions/workflow/act.js';

// Before the handlers are imported: the logger reads its level when it is made.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const { SimulatedClock } = await import('../functions/adapters/clock.js');
const { startDynamoDbLocal } = await import('../infra/local/dynamodb.js');
const { startLocalCloud } = await import('../infra/local/cloud.js');
const { openCycleLocally, seedTenant } = await import('../infra/local/seed.js');
const { slotsOf } = await import('../functions/core/instance.js');
const { instantAt, localDate } = await import('../functions/core/time.js');

const municipalities = Number(process.argv[2] ?? 342);
const rate = Number(process.argv[3] ?? 14);
if (!(Number.isInteger(municipalities) && municipalities > 0) || !(rate > 0)) {
  console.error('gebruik: npm exec -- tsx bench/herd.ts [municipalities=342] [rate=14]');
  process.exit(2);
}
const YEAR = 2027;
const templateFile = new URL('./herd.yaml', import.meta.url);
/** The herd's moment: 09:00 in Amsterdam on 1 July (07:00 UTC, summer time). */
const herdAt = instantAt(localDate(YEAR, 7, 1), '09:00');
/** The clock starts a quarter of an hour before; it stands still while the script opens the cycles. */
const clock = new SimulatedClock(new Date(herdAt.getTime() - 15 * 60_000));
const OPEN_CONCURRENCY = 8;

/** SES's maximum send rate: a token bucket of `rate` tokens, refilled at `rate` per second of the clock. */
class SendRate {
  private tokens: number;
  private last: number;
  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
    this.last = clock.now().getTime();
  }
  take(): boolean {
    const now = clock.now().getTime();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

let bucket: SendRate | undefined; // armed once every cycle is open
const counts = { throttled: 0, openingMails: 0, herdMails: 0 };
const accepted: { at: number; mail: Mail; messageId: string }[] = [];
const wrapMailer = (ses: Mailer): Mailer => ({
  send: async (mail) => {
    if (!bucket) {
      counts.openingMails++;
      return ses.send(mail);
    }
    if (!bucket.take()) {
      counts.throttled++;
      throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
    }
    const messageId = await ses.send(mail);
    counts.herdMails++;
    accepted.push({ at: clock.now().getTime(), mail, messageId });
    return messageId;
  },
});

/** Every Act of the herd: when (simulated), which attempt, what came of it (a result, or the error that asks for a retry). */
const acts: { at: number; tenantId: string; attempt: number; result?: ActResult; retry?: string }[] = [];
const attemptsSoFar = new Map<string, number>();
const wrapAct = (act: (input: unknown) => Promise<unknown>) => async (input: unknown) => {
  const { tenantId } = input as { tenantId: string };
  const attempt = attemptsSoFar.get(tenantId) ?? 0;
  attemptsSoFar.set(tenantId, attempt + 1);
  try {
    const result = (await act(input)) as ActResult;
    acts.push({ at: clock.now().getTime(), tenantId, attempt, result });
    return result;
  } catch (error) {
    acts.push({ at: clock.now().getTime(), tenantId, attempt, retry: (error as Error).name });
    throw error;
  }
};

const wallStart = performance.now();
const dynamo = await startDynamoDbLocal();
clock.join(); // the script is a participant: the clock waits while it seeds and opens
const cloud = await startLocalCloud({ clock, dynamoEndpoint: dynamo.endpoint, tableName: `herd-${municipalities}-${Date.now()}`, wrapMailer, wrapAct });
const tenants = Array.from({ length: municipalities }, (_, i) => `gemeente-${String(i + 1).padStart(3, '0')}`);
try {
  // Seed and open every municipality through the opening workflow, a few at a time.
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(OPEN_CONCURRENCY, tenants.length) }, async () => {
      while (next < tenants.length) {
        const tenantId = tenants[next++]!;
        await seedTenant(cloud.store, tenantId, `Gemeente ${tenantId}`, templateFile);
        const opened = await openCycleLocally(cloud.engine, tenantId, YEAR);
        if (opened.dated.length !== 1) throw new Error(`${tenantId}: ${opened.dated.length} dated instances, expected 1`);
        if (++done % 50 === 0) process.stderr.write(`  opened ${done} of ${tenants.length} (${((performance.now() - wallStart) / 1000).toFixed(0)} s)\n`);
      }
    }),
  );
  const openedAt = performance.now();
  if (clock.now().getTime() >= herdAt.getTime()) throw new Error('the clock passed 09:00 while opening');
  bucket = new SendRate(rate);
  clock.leave(); // the clock runs to 09:00 and on, until every execution has settled
  await cloud.engine.settled();
  const herdWallMs = performance.now() - openedAt;
  const wallMs = performance.now() - wallStart;

  // The ledger: planned slot recipients at 09:00, slot marks, sent claims, links.
  let planned = 0;
  let marked = 0;
  let unmarked = 0;
  let links = 0;
  const ledgerSent = new Map<string, { sentAt: string; messageId: string }>();
  const claimProblems: string[] = [];
  for (const tenantId of tenants) {
    const { contacts } = await cloud.store.tenants.directory(tenantId);
    for (const r of await cloud.store.cycles.loadCycle(tenantId, YEAR)) {
      const recipients = contacts.filter((c) => c.active && c.partyId === r.instance.responsible);
      for (const slot of slotsOf(r.instance).filter((s) => s.at.getTime() === herdAt.getTime())) {
        planned += recipients.length;
        const mark = r.slotMarks.find((m) => m.slotId === slot.id);
        if (mark) marked += mark.recipients;
        else unmarked++;
      }
      links += r.links.length;
      for (const n of r.notices) {
        const key = `${tenantId}/${r.instance.instanceId}/${n.slotId}/${n.partyId}/${n.contactId}`;
        if (n.state !== 'sent' || !n.sentAt || !n.messageId) claimProblems.push(`${key}: ${n.state}`);
        else ledgerSent.set(key, { sentAt: n.sentAt, messageId: n.messageId });
        if (n.takeovers) claimProblems.push(`${key}: taken over ${n.takeovers}×`);
      }
    }
  }

  // SES local's inbox: the deadline mails (not the calendars), each by the signed link it carries.
  const store = (await (await fetch(`${cloud.urls.ses}/store`)).json()) as { emails: { messageId: string; subject: string; at: number; body: { text?: string } }[] };
  const inboxMails = store.emails.filter((m) => !m.subject.startsWith('Jaarkalender'));
  const perRecipient = new Map<string, number>();
  const inboxIds = new Set<string>();
  for (const m of inboxMails) {
    const token = /\/l\/(v1\.[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+)/.exec(m.body.text ?? '');
    const [tenant, , instance, party, contact] = token ? (JSON.parse(Buffer.from(token[2]!, 'base64url').toString()) as [string, number, string, string, string]) : ['?', 0, '?', '?', '?'];
    const slot = m.subject.startsWith('Vandaag:') ? 'due-today' : m.subject;
    const key = `${tenant}/${instance}/${slot}/${party}/${contact}`;
    perRecipient.set(key, (perRecipient.get(key) ?? 0) + 1);
    inboxIds.add(m.messageId);
  }
  const duplicates = [...perRecipient.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const ledgerIds = new Set([...ledgerSent.values()].map((s) => s.messageId));
  const agree =
    inboxMails.length === ledgerSent.size &&
    [...ledgerSent.keys()].every((k) => perRecipient.get(k) === 1) &&
    [...ledgerIds].every((id) => inboxIds.has(id));

  // Timing, on the simulated clock.
  const lastMail = Math.max(...accepted.map((a) => a.at));
  const lastLedger = Math.max(...[...ledgerSent.values()].map((s) => Date.parse(s.sentAt)));
  const simSeconds = (lastMail - herdAt.getTime()) / 1000;
  const ideal = planned / rate;
  const deferrals = acts.filter((a) => a.retry === 'NoticesDeferred').length;
  const throttledActs = acts.filter((a) => a.retry === 'NoticesThrottled').length;
  const attemptsPerNotice = new Map<number, number>();
  const finalAttempt = new Map<string, number>();
  for (const a of acts) finalAttempt.set(a.tenantId, Math.max(finalAttempt.get(a.tenantId) ?? 0, a.attempt));
  for (const k of finalAttempt.values()) attemptsPerNotice.set(k + 1, (attemptsPerNotice.get(k + 1) ?? 0) + 1);
  // How much of SES's capacity the retries used: mails per whole simulated second after 09:00.
  const perSecond: number[] = [];
  for (const a of accepted) {
    const s = Math.floor((a.at - herdAt.getTime()) / 1000);
    perSecond[s] = (perSecond[s] ?? 0) + 1;
  }
  const idleSeconds = Array.from({ length: Math.floor(simSeconds) }, (_, s) => perSecond[s] ?? 0).filter((n) => n === 0).length;
  const executions = cloud.engine.list();
  const notSucceeded = executions.filter((e) => e.status !== 'SUCCEEDED');

  const hms = (ms: number) =>
    `${new Date(ms).toLocaleTimeString('nl-NL', { timeZone: 'Europe/Amsterdam', hour12: false })}.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}`;
  console.log(`the 1 July herd: ${municipalities} municipalities, SES at ${rate} mails/s (simulated clock), notice at 09:00 Europe/Amsterdam on 1 July ${YEAR}`);
  console.log(`  municipalities            ${municipalities}`);
  console.log(`  mails planned             ${planned}   (ledger plan: due-today slot × active contacts of the responsible party; slot marks cover ${marked}, ${unmarked} slots unmarked)`);
  console.log(`  mails delivered           inbox ${inboxMails.length}, ledger sent claims ${ledgerSent.size}, accepted by the wrapper ${counts.herdMails} — ${agree ? 'agree (same recipients, same message ids)' : 'DISAGREE'}`);
  console.log(`  duplicates                ${duplicates}`);
  console.log(`  throttled attempts        ${counts.throttled}`);
  console.log(`  Acts asking for a retry   ${throttledActs} throttled, ${deferrals} deferred   (of ${acts.length} Act invocations)`);
  console.log(`  attempts per notice       ${[...attemptsPerNotice.entries()].sort((a, b) => a[0] - b[0]).map(([k, n]) => `${k}:${n}`).join('  ')}`);
  console.log(`  simulated duration        ${simSeconds.toFixed(1)} s   (09:00 → last mail at ${hms(lastMail)}; ledger's last sentAt ${hms(lastLedger)})`);
  console.log(`  ideal duration            ${ideal.toFixed(1)} s   (mails / rate; ${(simSeconds / ideal).toFixed(2)}× ideal; ${idleSeconds} of ${Math.floor(simSeconds)} whole seconds sent nothing)`);
  console.log(`  real wall time            ${(wallMs / 1000).toFixed(1)} s   (seeding and opening ${((openedAt - wallStart) / 1000).toFixed(1)} s, herd ${(herdWallMs / 1000).toFixed(1)} s)`);
  console.log(`  other checks              executions ${executions.length}, not succeeded ${notSucceeded.length}; links ${links}; claims not sent ${claimProblems.length}; calendar mails at opening ${counts.openingMails} (not counted)`);
  for (const p of [...claimProblems.slice(0, 5), ...notSucceeded.slice(0, 5).map((e) => `${e.name}: ${e.status} ${e.error ?? ''}`)]) console.log(`    ${p}`);
  if (process.env.HERD_PER_SECOND) console.log(`  mails per second          ${Array.from({ length: Math.ceil(simSeconds) + 1 }, (_, s) => perSecond[s] ?? 0).join(' ')}`);
  // For bench/summary.ts: delivered, duplicated, planned but never delivered, and the time against mails / rate.
  const lost = Math.max(0, planned - perRecipient.size);
  console.log(`SUMMARY herd=${inboxMails.length},${duplicates},${lost},${simSeconds.toFixed(1)},${ideal.toFixed(1)}`);
  process.exitCode = planned === inboxMails.length && agree && duplicates === 0 && notSucceeded.length === 0 ? 0 : 1;
} finally {
  await cloud.stop();
  await dynamo.stop();
}
