import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { seedAndOpen, testCloud } from '../support.js';

/** The calendars the system serves take DTSTAMP from the system's clock, so the same year is the same bytes. */
// A clock that all but stands still on 1 December 2020, far from the wall clock.
const clock = new ScaledClock(new Date('2020-12-01T09:00:00Z'), 0.0001);
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2021, new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url));
  cloud.engine.stop();
});
afterAll(async () => cloud?.stop());

const exportIcs = async () => {
  const res = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2021/export.ics`, { headers: { authorization: `Bearer ${cloud.devToken}` } });
  expect(res.status).toBe(200);
  return res.text();
};

describe('the served year calendar', () => {
  it('stamps every event with the clock’s time, not the wall clock’s, and is the same bytes on the same clock', async () => {
    const first = await exportIcs();
    // DTSTAMP has whole seconds: the second request comes in a later wall-clock second.
    const second = Math.floor(Date.now() / 1000);
    while (Math.floor(Date.now() / 1000) === second) await new Promise((r) => setTimeout(r, 50));
    expect(await exportIcs()).toBe(first);
    expect(new Set(first.match(/^DTSTAMP:.*$/gm))).toEqual(new Set(['DTSTAMP:20201201T090000Z']));
  });
});
