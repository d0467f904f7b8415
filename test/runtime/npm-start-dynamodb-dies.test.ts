import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cycleStatus, dynamoPid, npmStart, type RunningStart } from './npm-start.js';

const data = mkdtempSync(join(tmpdir(), 'prestatiecyclus-dynamodb-weg-'));
const started: RunningStart[] = [];
afterAll(async () => {
  for (const s of started) await s.cleanUp();
  rmSync(data, { recursive: true, force: true });
});

const noticesOf = async (s: RunningStart) => {
  const { status, body } = await cycleStatus(s, 2027);
  expect(status).toBe(200);
  return body!.deliverables.flatMap((d) => d.notices.map((n) => `${d.instanceId}/${n.slotId}/${n.partyId}`));
};

it('says in one Dutch line that DynamoDB Local died, starts it again with the data kept, and serves again', async () => {
  // A day a second: the next reminders come within seconds of the restart.
  const s = await npmStart(data, ['--year', '2027', '--speed', '86400']);
  started.push(s);
  await s.waitFor(/mail verstuurd: Herinnering/);
  const before = await noticesOf(s);
  expect(before.length).toBeGreaterThan(0);

  const pid = dynamoPid(s.ports.dynamodb)!;
  expect(pid).toBeGreaterThan(0);
  process.kill(pid, 'SIGKILL');
  const [line] = await s.waitFor(/prestatiecyclus: DynamoDB Local \(poort \d+\) is onverwacht gestopt \(signaal SIGKILL\) en weer gestart; de gegevens in .+ zijn bewaard\.\n/, 90_000);
  expect(line.trim().split('\n')).toHaveLength(1);
  const restarted = dynamoPid(s.ports.dynamodb);
  expect(restarted).toBeGreaterThan(0);
  expect(restarted).not.toBe(pid);

  // The same data, and the year goes on: what was sent is still there, and more follows.
  const after = await noticesOf(s);
  expect(after).toEqual(expect.arrayContaining(before));
  const sentLines = () => s.out().split('\n').filter((l) => l.includes('mail verstuurd')).length;
  const sentBefore = sentLines();
  for (const until = Date.now() + 90_000; sentLines() < sentBefore + 2; ) {
    if (Date.now() > until) throw new Error(`no mail after the restart:\n${s.out()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(await noticesOf(s)).toEqual(expect.arrayContaining(after));
  expect(s.out()).not.toMatch(/starten mislukt/);
  expect(await s.stop()).toBe(0);
}, 300_000);

it('stops with exit code 1 and one Dutch line when DynamoDB Local keeps dying', async () => {
  const s = await npmStart(data, ['--year', '2027']);
  started.push(s);
  for (let kill = 1; kill <= 4; kill++) {
    const pid = dynamoPid(s.ports.dynamodb);
    if (!pid) break;
    process.kill(pid, 'SIGKILL');
    if (kill < 4) await s.waitFor(new RegExp(`(?:en weer gestart[^\\n]*\\n[\\s\\S]*){${kill}}`), 90_000);
  }
  expect(await s.exited).toBe(1);
  expect(s.out()).toMatch(/prestatiecyclus: DynamoDB Local \(poort \d+\) is onverwacht gestopt \(signaal SIGKILL\), de 4e keer binnen tien minuten; het start niet opnieuw\. prestatiecyclus stopt\.\n/);
  expect(dynamoPid(s.ports.dynamodb)).toBeUndefined();
}, 300_000);
