import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { inbox } from '../support.js';
import { cycleStatus, npmStart, parseDutchDateTime, type RunningStart } from './npm-start.js';

const data = mkdtempSync(join(tmpdir(), 'prestatiecyclus-hervat-'));
const started: RunningStart[] = [];
afterAll(async () => {
  for (const s of started) await s.cleanUp();
  rmSync(data, { recursive: true, force: true });
});

const savedClock = () => Date.parse((JSON.parse(readFileSync(join(data, 'klok.json'), 'utf8')) as { now: string }).now);
/** The clock's time the banner printed, right after the clock started. */
const bannerClock = (s: RunningStart) => parseDutchDateTime(/klok .* nu (.+)/.exec(s.out())![1]!);
const HOUR = 3_600_000;
// A day a second: two reminders within seconds, and days between the first start and the second.
const args = ['--year', '2027', '--speed', '86400'];

it('goes on where the fast clock stood: a second start without --from has every notice it sent before in its past, and --fresh starts over', async () => {
  const first = await npmStart(data, args);
  started.push(first);
  expect(first.out()).not.toContain('verder waar de klok');
  const firstStart = bannerClock(first);
  await first.waitFor(/mail verstuurd: Herinnering[\s\S]*mail verstuurd: Herinnering/);
  await new Promise((r) => setTimeout(r, 2000));
  expect(await first.stop()).toBe(0);
  // Saved on the way out: at or after every mail the terminal showed.
  const stoppedAt = savedClock();
  const mailLines = [...first.out().matchAll(/\[(.+?)\] mail verstuurd/g)].map((m) => parseDutchDateTime(m[1]!));
  expect(stoppedAt).toBeGreaterThanOrEqual(Math.max(...mailLines));
  expect(stoppedAt - firstStart).toBeGreaterThan(24 * HOUR);

  const second = await npmStart(data, args);
  started.push(second);
  expect(second.out()).toContain('(verder waar de klok bij de vorige start stond)');
  // Paused at the saved position while the year opens; a few milliseconds of a day-a-second clock after.
  expect(Math.abs(bannerClock(second) - stoppedAt)).toBeLessThan(HOUR);
  const { status, body } = await cycleStatus(second, 2027);
  const now = savedClock();
  expect(status).toBe(200);
  const sentAt = body!.deliverables.flatMap((i) => i.notices.map((n) => n.sentAt)).filter((at): at is string => at !== null).map(Date.parse);
  expect(sentAt.length).toBeGreaterThanOrEqual(2);
  expect(Math.max(...sentAt)).toBeLessThanOrEqual(now);
  // Nothing of the first start again: its year calendars were claimed and sent then.
  expect((await inbox(`http://127.0.0.1:${second.ports.ses}`)).filter((m) => m.subject.startsWith('Jaarkalender'))).toEqual([]);
  expect(await second.stop()).toBe(0);

  const fresh = await npmStart(data, [...args, '--fresh']);
  started.push(fresh);
  expect(fresh.out()).not.toContain('verder waar de klok');
  expect(Math.abs(bannerClock(fresh) - firstStart)).toBeLessThan(HOUR);
  expect(await fresh.stop()).toBe(0);
}, 300_000);
