import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import { slotsOf } from '../../functions/core/instance.js';
import type { Contact } from '../../functions/core/model.js';
import { sendOnce } from '../../functions/services/send-once.js';
import { submitLinkToIssue } from '../../functions/services/links.js';
import { createActHandler } from '../../functions/workflow/act.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { deadlineMails, hlve, linkIn, quietCloud } from '../support.js';

/**
 * A contact's first notice brings its personal link. The link's record is written in the claim's
 * transaction (functions/adapters/store/notices.ts), so the notice costs the round trips of any
 * other: read the instance, claim, settle. A claim that does not stand writes no link. Real parts:
 * DynamoDB Local, SES local; the commands are counted by a middleware on the store's client.
 */
let cloud: LocalCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

const secretaris: Contact = { ...hlve, tenantId: 'leusden' };

async function setUp() {
  const calls: { command: string; input: unknown }[] = [];
  const clock = new SimulatedClock(new Date('2026-12-01T08:00:00Z'));
  const started = await quietCloud({
    clock,
    onDynamoClient: (client) =>
      client.middlewareStack.add((next, context) => async (args) => {
        calls.push({ command: String(context.commandName).replace(/Command$/, ''), input: args.input });
        return next(args);
      }),
  });
  cloud = started.cloud;
  const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
  const slots = slotsOf(records.instance);
  const act = createActHandler(cloud.deps);
  /** Runs Act for a slot at its moment; the DynamoDB commands it sent. */
  const actAt = async (slotId: string) => {
    const slot = slots.find((s) => s.id === slotId)!;
    await clock.sleepUntil(slot.at);
    calls.length = 0;
    await act({ tenantId: 'leusden', year: 2027, instanceId: 'huuradvies', revision: records.instance.revision ?? 0, step: { action: 'notify', slotId, wakeAt: slot.at.toISOString() } });
    return calls.map((c) => c.command);
  };
  return { cloud, calls, actAt, clock };
}

describe("a contact's first notice", () => {
  it('writes its personal link in the claim, and costs the round trips of the next notice', async () => {
    const { cloud, calls, actAt } = await setUp();
    const first = await actAt('reminder-28d');
    // The instance, the directory (not kept yet in this container), the claim with the link, the settle.
    expect(first).toEqual(['Query', 'Query', 'TransactWriteItems', 'TransactWriteItems']);
    const types = (call: { input: unknown }) => ((call.input as { TransactItems?: { Put?: { Item: { type: string } } }[] }).TransactItems ?? []).map((t) => t.Put?.Item.type);
    expect(types(calls[2]!)).toEqual(['link', 'notice', undefined]);
    const second = await actAt('reminder-14d');
    expect(second).toEqual(['Query', 'TransactWriteItems', 'TransactWriteItems']);

    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    expect(records.links).toHaveLength(1);
    expect(records.links[0]).toMatchObject({ partyId: 'hlve', contactId: 'secretaris' });
    // Both mails carry that one link, and it opens the form.
    const mails = await deadlineMails(cloud.urls.ses);
    expect(mails).toHaveLength(2);
    const [a, b] = mails.map(linkIn);
    expect(a).toBe(b);
    const page = await fetch(a!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Huuradvies');
  });

  it('writes no link when its claim does not stand (the notice was sent already)', async () => {
    const { cloud, calls, actAt } = await setUp();
    await actAt('reminder-28d');
    // An attempt that read the instance before the first one wrote its link, for the same notice.
    const stale = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    stale.links = [];
    const link = submitLinkToIssue(cloud.deps, stale, secretaris)!;
    expect(link).toBeDefined();
    calls.length = 0;
    let composed = false;
    const outcome = await sendOnce(cloud.deps, { tenantId: 'leusden', year: 2027, instanceId: 'huuradvies', slotId: 'reminder-28d' }, secretaris, async () => {
      composed = true;
      throw new Error('never composed');
    }, { link: { record: link, into: stale.links } });
    expect(outcome).toBe('already-sent');
    expect(composed).toBe(false);
    expect(stale.links).toEqual([]);
    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    expect(records.links.map((l) => l.linkId)).not.toContain(link.linkId);
    expect(records.links).toHaveLength(1);
  });
});
