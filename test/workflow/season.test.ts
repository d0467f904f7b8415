import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import type { Mailer } from '../../functions/adapters/mailer.js';
import { materialiseCycle } from '../../functions/workflow/materialise.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { coordinator, deadlineMails, formKeyIn, hlve, huuradviesSeason, linkIn, postForm, seedAndOpen, testCloud } from '../support.js';

/**
 * A huuradvies season on the simulated clock, through the real workflow file in the local Step
 * Functions runtime, the real handlers, DynamoDB Local and SES local.
 */
const everySlot = ['reminder-28d', 'reminder-14d', 'reminder-7d', 'reminder-1d', 'due-today', 'overdue-1', 'overdue-2', 'overdue-3', 'overdue-4'];

let cloud: LocalCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

/** HLVE opens the link from its first reminder and submits its advice, as a person would. */
async function adviseThroughMailedLink(c: LocalCloud, standpunt: string, advies: string): Promise<number> {
  const link = linkIn((await deadlineMails(c.urls.ses)).find((m) => m.destination.to[0] === hlve.email)!);
  const form = await (await fetch(link)).text();
  const res = await postForm(link, { formKey: formKeyIn(form), standpunt, advies, naam: hlve.name, namens: 'HLVE' });
  return res.status;
}

const season = (options: Parameters<typeof huuradviesSeason>[0] = {}) => huuradviesSeason({ ...options, started: (c) => (cloud = c) });

describe('the huuradvies season', () => {
  it('sends every notice exactly once, at its time, then escalates weekly and stops', async () => {
    const { records, mails } = await season();
    const sent = records.notices.map((n) => `${n.slotId}/${n.contactId}`).sort();
    expect(sent).toEqual(
      [
        ...everySlot.map((s) => `${s}/${hlve.contactId}`),
        ...everySlot.filter((s) => s.startsWith('overdue')).map((s) => `${s}/${coordinator.contactId}`),
      ].sort(),
    );
    expect(records.notices.every((n) => n.state === 'sent')).toBe(true);
    const at = Object.fromEntries(records.notices.filter((n) => n.contactId === hlve.contactId).map((n) => [n.slotId, n.sentAt]));
    expect(at['reminder-28d']).toBe('2027-01-31T08:00:00.000Z');
    expect(at['due-today']).toBe('2027-02-28T08:00:00.000Z');
    expect(at['overdue-4']).toBe('2027-03-22T08:00:00.000Z');

    const toHlve = mails.filter((m) => m.destination.to[0] === hlve.email);
    expect(toHlve.map((m) => m.subject)).toEqual([
      ...Array(4).fill('Herinnering: Huuradvies over de jaarlijkse huursomaanpassing uiterlijk zondag 28 februari 2027'),
      'Vandaag: Huuradvies over de jaarlijkse huursomaanpassing uiterlijk zondag 28 februari 2027',
      ...Array(4).fill('Termijn verstreken: Huuradvies over de jaarlijkse huursomaanpassing (was uiterlijk zondag 28 februari 2027)'),
    ]);
    // One personal link for the whole season, the same in every mail.
    expect(new Set(toHlve.map(linkIn)).size).toBe(1);
    const escalations = mails.filter((m) => m.destination.to[0] === coordinator.email);
    expect(escalations).toHaveLength(4);
    expect(escalations[0]!.subject).toBe('Escalatie: Huurders Leusden Voor Elkaar (HLVE) heeft „Huuradvies over de jaarlijkse huursomaanpassing” niet ingediend');
  });

  it('never sends twice when Act is retried after it already sent (a Lambda timeout)', async () => {
    const failedOnce = new Set<string>();
    let retries = 0;
    const { records, mails } = await season({
      wrapAct: (act) => async (input) => {
        const result = await act(input);
        const slot = (input as { step: { slotId?: string } }).step.slotId;
        if (slot && !failedOnce.has(slot)) {
          failedOnce.add(slot);
          retries++;
          throw Object.assign(new Error('Task timed out after the mail went out'), { name: 'Lambda.ServiceException' });
        }
        return result;
      },
    });
    expect(retries).toBe(everySlot.length);
    expect(mails.filter((m) => m.destination.to[0] === hlve.email)).toHaveLength(everySlot.length);
    expect(mails.filter((m) => m.destination.to[0] === coordinator.email)).toHaveLength(4);
    expect(records.notices).toHaveLength(everySlot.length + 4);
  });

  it('sends a notice once SES stops throttling, and only once', async () => {
    let throttled = 0;
    const { records, mails } = await season({
      wrapMailer: (mailer): Mailer => ({
        send: async (mail) => {
          if (throttled < 3) {
            throttled++;
            throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
          }
          return mailer.send(mail);
        },
      }),
    });
    expect(throttled).toBe(3);
    expect(mails.filter((m) => m.destination.to[0] === hlve.email)).toHaveLength(everySlot.length);
    expect(records.notices.filter((n) => n.contactId === hlve.contactId).map((n) => n.slotId).sort()).toEqual([...everySlot].sort());
  });

  it('stops the reminders when HLVE submits through the link, and never escalates', async () => {
    const { records, mails } = await season({
      script: async (clock, c) => {
        await clock.sleepUntil(new Date('2027-02-15T10:00:00Z'));
        expect(await adviseThroughMailedLink(c, 'positief', 'Wij kunnen instemmen met de voorgestelde huursomaanpassing.')).toBe(303);
      },
    });
    expect(records.instance.status).toBe('ingediend');
    // The reminders before the submission, and the advice forwarded to WSL and the gemeente.
    expect(records.notices.map((n) => `${n.slotId}/${n.partyId}`).sort()).toEqual(['doorsturen-v1/gemeente-leusden', 'doorsturen-v1/wsl', 'reminder-14d/hlve', 'reminder-28d/hlve']);
    expect(mails.filter((m) => m.destination.to[0] === coordinator.email).map((m) => m.subject)).toEqual([expect.stringMatching(/^Ontvangen van Huurders Leusden/)]);
    expect(mails.filter((m) => m.subject.startsWith('Ontvangstbewijs'))).toHaveLength(1);
  });

  it('records a submission after the deadline as te laat ingediend and stops escalating', async () => {
    const { records } = await season({
      script: async (clock, c) => {
        await clock.sleepUntil(new Date('2027-03-03T12:00:00Z'));
        expect(await adviseThroughMailedLink(c, 'negatief', 'Wij adviseren negatief: de verhoging is te hoog voor de laagste inkomens.')).toBe(303);
      },
    });
    expect(records.instance.status).toBe('te-laat-ingediend');
    expect(records.submissions[0]!.late).toBe(true);
    // One escalation before the submission, then only the forward of the advice.
    expect(records.notices.filter((n) => n.contactId === coordinator.contactId).map((n) => n.slotId).sort()).toEqual(['doorsturen-v1', 'overdue-1']);
  });

  it('starts nothing twice when the cycle is opened again', async () => {
    const { records } = await season({
      script: async (_clock, c) => {
        expect(await c.engine.startCycle({ tenantId: 'leusden', year: 2027 })).toBe(false);
        expect(await materialiseCycle(c.deps, 'leusden', 2027)).toMatchObject({ opened: [], alreadyOpen: ['huuradvies'] });
        expect(await c.engine.startDeliverable({ tenantId: 'leusden', year: 2027, instanceId: 'huuradvies', generation: 0, revision: 0 })).toBe(false);
        expect(c.engine.list().filter((e) => e.machine === 'deliverable')).toHaveLength(1);
      },
    });
    expect(records.notices.filter((n) => n.contactId === hlve.contactId)).toHaveLength(everySlot.length);
  });
});

describe('a deliverable due more than a year after opening', () => {
  it('hands over to a fresh execution before the one-year limit, and still sends each notice once', async () => {
    const clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));
    clock.join();
    cloud = await testCloud({ clock });
    await seedAndOpen(cloud, 2027, new URL('../fixtures/long-wait.yaml', import.meta.url));
    clock.leave();
    await cloud.engine.settled();
    const executions = cloud.engine.list().filter((e) => e.machine === 'deliverable');
    expect(executions.map((e) => [e.name, e.status])).toEqual([
      ['leusden-2027-vierde-kwartaal', 'SUCCEEDED'],
      ['leusden-2027-vierde-kwartaal-g1', 'SUCCEEDED'],
    ]);
    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'vierde-kwartaal'))!;
    expect(records.notices.filter((n) => n.contactId === hlve.contactId).map((n) => `${n.slotId} ${n.sentAt}`)).toEqual([
      'due-today 2028-01-31T08:00:00.000Z',
      'overdue-1 2028-02-01T08:00:00.000Z',
      'reminder-14d 2028-01-17T08:00:00.000Z',
      'reminder-1d 2028-01-30T08:00:00.000Z',
    ]);
  });
});
