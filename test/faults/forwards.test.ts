import { afterEach, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { Mailer } from '../../functions/adapters/mailer.js';
import { forwardSlotId } from '../../functions/services/forwarding.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { seedTenant } from '../../infra/local/seed.js';
import { formKeyIn, huuradviesTemplate, inbox, linkFor, postForm, testCloud } from '../support.js';
import { sesError } from './harness.js';

/**
 * Forwards under SES faults: HLVE's advice goes to WSL's and the gemeente's contact. Whatever SES
 * does while it is submitted, each gets it exactly once: at once, or from the outbox by the reconciler.
 */
const recipients = ['bestuurder.wsl@example.org', 'coordinator.wonen@example.org'];
let cloud: LocalCloud | undefined;
afterEach(async () => cloud?.stop());

async function adviceSubmittedWhile(fault: (mail: { to: string }) => Error | undefined) {
  cloud = await testCloud({
    clock: new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1),
    wrapMailer: (mailer: Mailer): Mailer => ({
      send: async (mail) => {
        const error = fault(mail);
        if (error) throw error;
        return mailer.send(mail);
      },
    }),
  });
  await seedTenant(cloud.store, 'leusden', 'Gemeente Leusden', huuradviesTemplate);
  const open = await fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027/open`, { method: 'POST', headers: { authorization: `Bearer ${cloud.devToken}` } });
  expect(open.status).toBe(202);
  await cloud.engine.ended('open-leusden-2027');
  cloud.engine.stop();
  const link = await linkFor(cloud);
  const formKey = formKeyIn(await (await fetch(link)).text());
  const stored = await postForm(link, { standpunt: 'positief', advies: 'Wij adviseren positief over de huursomaanpassing.', naam: 'Secretaris HLVE', namens: 'HLVE', formKey, stap: 'bevestigen' });
  // The submission is stored and its receipt shown, whatever happened to the mail.
  expect(stored.status).toBe(303);
  return cloud;
}

const forwardsTo = async (c: LocalCloud) => (await inbox(c.urls.ses)).filter((m) => m.subject.startsWith('Ontvangen van')).map((m) => m.destination.to[0]).sort();
const ledgerOf = async (c: LocalCloud) =>
  (await c.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!.notices.filter((n) => n.slotId === forwardSlotId(1)).map((n) => `${n.partyId}/${n.contactId} ${n.state}`).sort();

describe('forwards under SES faults: each recipient exactly once', () => {
  it('SES down while the version is stored: nothing goes out, the outbox keeps it; the reconciler sends it once SES is back', async () => {
    let down = true;
    const c = await adviceSubmittedWhile(() => (down ? sesError('ServiceUnavailable') : undefined));
    expect(await forwardsTo(c)).toEqual([]);
    expect(await c.store.submissions.pendingForwards('leusden', 2027)).toEqual([expect.objectContaining({ instanceId: 'huuradvies', version: 1 })]);
    // Still down at the reconciler's first run: it tries, and keeps the version for the next.
    expect((await c.reconcile([2027])).forwarded).toBe(1);
    expect(await forwardsTo(c)).toEqual([]);
    down = false;
    await c.reconcile([2027]);
    expect(await forwardsTo(c)).toEqual(recipients);
    expect(await ledgerOf(c)).toEqual(['gemeente-leusden/coordinator sent', 'wsl/bestuurder sent']);
    expect(await c.store.submissions.pendingForwards('leusden', 2027)).toEqual([]);
    // Later runs find nothing left: nobody gets it twice.
    expect((await c.reconcile([2027])).forwarded).toBe(0);
    expect(await forwardsTo(c)).toEqual(recipients);
  });

  it('SES throttling one recipient: the other has it at once, the reconciler sends the rest, each once', async () => {
    let throttle = true;
    const c = await adviceSubmittedWhile((mail) => (throttle && mail.to === 'coordinator.wonen@example.org' ? sesError('Throttling') : undefined));
    expect(await forwardsTo(c)).toEqual(['bestuurder.wsl@example.org']);
    throttle = false;
    await c.reconcile([2027]);
    expect(await forwardsTo(c)).toEqual(recipients);
    expect(await ledgerOf(c)).toEqual(['gemeente-leusden/coordinator sent', 'wsl/bestuurder sent']);
  });

  it('an address refused for good: refused once and the contact marked; the version leaves the outbox; the other recipient has it', async () => {
    const c = await adviceSubmittedWhile((mail) => (mail.to === 'bestuurder.wsl@example.org' ? sesError('MessageRejected') : undefined));
    expect(await forwardsTo(c)).toEqual(['coordinator.wonen@example.org']);
    expect(await ledgerOf(c)).toEqual(['gemeente-leusden/coordinator sent', 'wsl/bestuurder refused']);
    expect(await c.store.submissions.pendingForwards('leusden', 2027)).toEqual([]);
    expect((await c.store.tenants.getContact('leusden', 'wsl', 'bestuurder'))!.bounce?.type).toBe('Geweigerd');
  });
});
