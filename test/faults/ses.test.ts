import { describe, expect, it } from 'vitest';
import type { Mailer } from '../../functions/adapters/mailer.js';
import { hlve } from '../support.js';
import { during, expectLedger, faultySeason, sesError } from './harness.js';

/** SES refusing every call while `down` holds: as an outage looks to the SDK. */
const outage = (down: ReturnType<typeof during>) => (clock: Parameters<typeof down>[0]) => ({
  wrapMailer: (mailer: Mailer): Mailer => ({
    send: async (mail) => {
      if (down(clock)) throw sesError('ServiceUnavailable');
      return mailer.send(mail);
    },
  }),
});

describe('SES faults: every notice goes out exactly once', () => {
  it.each([
    ['10 seconds', 10_000],
    ['10 minutes', 10 * 60_000],
    ['6 hours', 6 * 3_600_000],
  ])('SES refusing for %s from the due-today moment: the notice goes out when SES is back, the season is whole', async (_label, ms) => {
    const season = await faultySeason(outage(during('2027-02-28T08:00:00Z', ms)));
    expectLedger(season);
    const dueToday = season.records.notices.find((n) => n.slotId === 'due-today' && n.contactId === hlve.contactId)!;
    expect(Date.parse(dueToday.sentAt!)).toBeGreaterThanOrEqual(Date.parse('2027-02-28T08:00:00Z') + ms);
    // Later than an hour, the notice says so; its wording follows the real days left.
    const mail = season.mails.find((m) => m.destination.to[0] === hlve.email && m.subject.startsWith('Vandaag'))!;
    expect(mail.body.text?.includes('Dit bericht komt later dan gepland')).toBe(ms > 3_600_000);
  });

  it('SES refusing for three days: the notices missed are carried by the next one, which says so; none is skipped', async () => {
    const season = await faultySeason(outage(during('2027-02-27T00:00:00Z', 3 * 86_400_000)));
    // reminder-1d waits for SES until due-today is due, due-today until overdue-1 is: each gives way
    // to the later one (which records it as carried before it tries SES), and overdue-1 goes out once
    // SES is back: one mail instead of three.
    const { sent } = expectLedger(season, { merged: 2 });
    expect(sent).toBe(11);
    const merged = season.records.notices.filter((n) => n.state === 'merged');
    expect(merged.map((n) => [n.slotId, n.contactId, n.mergedInto]).sort()).toEqual([
      ['due-today', hlve.contactId, 'overdue-1'],
      ['reminder-1d', hlve.contactId, 'due-today'],
    ]);
    const carrier = season.mails.filter((m) => m.destination.to[0] === hlve.email && m.body.text?.includes('staan hierin samen'));
    expect(carrier).toHaveLength(1);
    expect(Date.parse(season.records.notices.find((n) => n.slotId === 'overdue-1' && n.contactId === hlve.contactId)!.sentAt!)).toBeGreaterThanOrEqual(Date.parse('2027-03-02T00:00:00Z'));
    const late = season.mails.find((m) => m.destination.to[0] === hlve.email && m.body.text?.includes('staan hierin samen'));
    expect(late?.body.text).toContain('verstreken');
  });

  it('SES throttling half the calls: every notice once, none lost', async () => {
    let calls = 0;
    const season = await faultySeason(() => ({
      wrapMailer: (mailer: Mailer): Mailer => ({
        send: async (mail) => {
          if (calls++ % 2 === 0) throw sesError('Throttling');
          return mailer.send(mail);
        },
      }),
    }));
    expectLedger(season);
    expect(calls).toBeGreaterThanOrEqual(2 * 13);
  });

  it('SES refusing an address for good: the notice is refused once, the contact is marked, no retry', async () => {
    let refusals = 0;
    const season = await faultySeason(() => ({
      wrapMailer: (mailer: Mailer): Mailer => ({
        send: async (mail) => {
          if (mail.to === hlve.email && mail.subject.startsWith('Vandaag')) {
            refusals++;
            throw sesError('MessageRejected');
          }
          return mailer.send(mail);
        },
      }),
    }));
    expect(refusals).toBe(1);
    const refused = season.records.notices.filter((n) => n.state === 'refused');
    expect(refused.map((n) => n.slotId)).toEqual(['due-today']);
    expect((await season.cloud().store.tenants.getContact('leusden', 'hlve', hlve.contactId))?.bounce?.type).toBe('Geweigerd');
  });
});

describe('the ledger keys a claim by party and contact', () => {
  it('escalates to a coordinator whose contact id is the late party contact\'s own: both get their notice', async () => {
    const twin = { tenantId: 'leusden', partyId: 'gemeente-leusden', contactId: hlve.contactId, name: 'Tweede coördinator', email: 'tweede.coordinator@example.org', active: true, coordinator: true };
    const season = await faultySeason(
      () => ({}),
      async (_clock, cloud) => {
        await cloud.store.tenants.putContact(twin);
      },
    );
    const toTwin = season.mails.filter((m) => m.destination.to[0] === twin.email);
    expect(toTwin.map((m) => m.subject.split(':')[0])).toEqual(['Escalatie', 'Escalatie', 'Escalatie', 'Escalatie']);
    const overdue1 = season.records.notices.filter((n) => n.slotId === 'overdue-1' && n.contactId === hlve.contactId).map((n) => n.partyId).sort();
    expect(overdue1).toEqual(['gemeente-leusden', 'hlve']);
  });
});
