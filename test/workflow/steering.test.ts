import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { coordinator, hlve, huuradviesSeason, linkIn } from '../support.js';

/** The coordinator steers a running deliverable: an extension restarts its reminders, a waiver ends them. */
let cloud: LocalCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

async function steer(c: LocalCloud, body: unknown) {
  const res = await fetch(`${c.urls.http}/api/tenants/leusden/cycles/2027/deliverables/huuradvies`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.devToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const season = (script: (clock: SimulatedClock, c: LocalCloud) => Promise<void>) => huuradviesSeason({ script, started: (c) => (cloud = c) });

describe('steering a deliverable', () => {
  it('extends a deadline with a reason: the old reminders stop, the new ones follow the new date at once', async () => {
    const { records, mails } = await season(async (clock, c) => {
      await clock.sleepUntil(new Date('2027-02-20T12:00:00Z'));
      expect(await steer(c, { actie: 'verlengen', nieuweDatum: '2027-02-10', reden: 'x' })).toMatchObject({ status: 400 });
      expect(await steer(c, { actie: 'verlengen', nieuweDatum: '2027-03-15', reden: 'HLVE wacht op de cijfers van Omthuis' })).toMatchObject({
        status: 200,
        body: { lastDay: '2027-03-15', revision: 1 },
      });
    });
    const sent = records.notices.filter((n) => n.contactId === hlve.contactId).map((n) => `${n.slotId} ${n.sentAt}`).sort();
    expect(sent).toEqual(
      [
        'reminder-28d 2027-01-31T08:00:00.000Z',
        'reminder-14d 2027-02-14T08:00:00.000Z',
        // At the extension the most recent reminder of the new plan goes out at once, with the new date.
        'r1-reminder-28d 2027-02-20T12:00:00.000Z',
        'r1-reminder-14d 2027-03-01T08:00:00.000Z',
        'r1-reminder-7d 2027-03-08T08:00:00.000Z',
        'r1-reminder-1d 2027-03-14T08:00:00.000Z',
        'r1-due-today 2027-03-15T08:00:00.000Z',
        'r1-overdue-1 2027-03-16T08:00:00.000Z',
        'r1-overdue-2 2027-03-23T08:00:00.000Z',
        'r1-overdue-3 2027-03-30T07:00:00.000Z', // summer time from 28 March: 09:00 is 07:00 UTC
        'r1-overdue-4 2027-04-06T07:00:00.000Z',
      ].sort(),
    );
    const caughtUp = mails.find((m) => m.destination.to[0] === hlve.email && m.subject.includes('maandag 15 maart 2027'));
    expect(caughtUp?.body.text).toContain('Over 23 dagen verloopt de termijn');
    expect(records.audit.find((a) => a.action === 'verlengd')?.detail).toEqual({ van: '2027-02-28', tot: '2027-03-15', reden: 'HLVE wacht op de cijfers van Omthuis' });
    expect(cloud!.engine.list().filter((e) => e.machine === 'deliverable').map((e) => e.name)).toEqual([
      'leusden-2027-huuradvies',
      'leusden-2027-huuradvies-r1',
    ]);
  });

  it('waives a deliverable with a reason: no more reminders, no escalation, and the link says so', async () => {
    const { records, mails } = await season(async (clock, c) => {
      await clock.sleepUntil(new Date('2027-02-16T12:00:00Z'));
      expect(await steer(c, { actie: 'vrijstellen' })).toMatchObject({ status: 400 });
      expect(await steer(c, { actie: 'vrijstellen', reden: 'Dit jaar geen huurverhoging' })).toMatchObject({ status: 200, body: { status: 'vrijgesteld' } });
      expect(await steer(c, { actie: 'vrijstellen', reden: 'nog eens' })).toMatchObject({ status: 409 });
    });
    expect(records.instance.status).toBe('vrijgesteld');
    expect(records.notices.map((n) => n.slotId).sort()).toEqual(['reminder-14d', 'reminder-28d']);
    expect(mails.filter((m) => m.destination.to[0] === coordinator.email)).toHaveLength(0);
    expect(records.audit.find((a) => a.action === 'vrijgesteld')?.detail).toEqual({ reden: 'Dit jaar geen huurverhoging' });
    const page = await fetch(linkIn(mails.find((m) => m.destination.to[0] === hlve.email)!));
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('Deze levering is vrijgesteld');
  });
});
