import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { dutchDateTime } from '../../functions/core/time.js';
import { confirmReceipt } from '../../functions/services/confirmations.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { leusdenContacts } from '../../infra/local/seed.js';
import { formKeyIn, inbox, linkFor, postForm, seedAndOpen, testCloud } from '../support.js';

/**
 * The coordinator's view of what happened to a submission after it was stored: the deliverable's
 * page lists to whom each version was forwarded and who confirmed receipt, and the verantwoording
 * carries the confirmations of the latest version. Leusden's 2026 agreement (Omthuis), year 2027:
 * HLVE's huuradvies goes to Omthuis and the gemeente.
 */
const template = new URL('../../workflows/cycles/leusden-omthuis-2026.yaml', import.meta.url);
const clock = new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1);
const OMTHUIS = 'Omthuis (voorheen Woningstichting Leusden)';
const GEMEENTE = 'Gemeente Leusden';
const omthuis = leusdenContacts.find((c) => c.partyId === 'omthuis')!;
const coordinator = leusdenContacts.find((c) => c.partyId === 'gemeente-leusden')!;
const advice = {
  standpunt: 'positief-met-kanttekeningen',
  advies: 'Wij adviseren positief, mits de huurverhoging voor de laagste inkomens beperkt blijft.',
  naam: 'Secretaris HLVE',
  namens: 'Huurders Leusden Voor Elkaar',
};
let cloud: LocalCloud;
let link: string;

async function submit(fields: Record<string, string>) {
  const formKey = formKeyIn(await (await fetch(link)).text());
  const res = await postForm(link, { ...fields, formKey });
  expect(res.status).toBe(303);
}

async function dashboard(path: string): Promise<string> {
  const res = await fetch(`${cloud.urls.http}/beheer/leusden/2027${path}`, { headers: { cookie: `beheer=${cloud.devToken}` }, redirect: 'manual' });
  expect(res.status).toBe(200);
  return res.text();
}

/** The part of a page from a heading up to the next heading of that level or higher. */
const section = (page: string, heading: string) => {
  const from = page.indexOf(heading);
  expect(from, heading).toBeGreaterThan(-1);
  const rest = page.slice(from + heading.length);
  const end = rest.search(/<h[1-3]>/);
  return end === -1 ? rest : rest.slice(0, end);
};
/** The table rows of some HTML, each as its cells' text. */
const rowsOf = (part: string) =>
  [...part.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => [...m[1]!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/gs)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()));
const accountabilityRow = (page: string, title: string) => rowsOf(page).find((r) => r[0]?.startsWith(title));

beforeAll(async () => {
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2027, template);
  cloud.engine.stop(); // these tests are about the forwards, not the reminders
  link = await linkFor(cloud);
});
afterAll(async () => cloud?.stop());

describe('the dashboard shows forwards and confirmations of receipt', () => {
  it('lists the recipients of a submitted version on the deliverable page, with when it was sent', async () => {
    await submit(advice);
    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    const forwards = records.notices.filter((n) => n.slotId === 'doorsturen-v1');
    expect(forwards.map((n) => [n.partyId, n.state]).sort()).toEqual([
      ['gemeente-leusden', 'sent'],
      ['omthuis', 'sent'],
    ]);
    const sentAt = (partyId: string) => dutchDateTime(new Date(forwards.find((n) => n.partyId === partyId)!.sentAt!));
    const mails = (await inbox(cloud.urls.ses)).filter((m) => m.destination.to.includes(omthuis.email) || m.destination.to.includes(coordinator.email));
    expect(mails.length).toBeGreaterThanOrEqual(2);

    const page = await dashboard('/leveringen/huuradvies');
    const v1 = section(page, '<h3>Versie 1: doorgestuurd en ontvangen</h3>');
    expect(v1).toContain('<caption>Versie 1 doorgestuurd aan</caption>');
    expect(v1).toContain('<th scope="col">Partij</th><th scope="col">Contact</th><th scope="col">Verstuurd</th>');
    expect(rowsOf(v1).slice(1).sort()).toEqual(
      [
        [GEMEENTE, coordinator.name, sentAt('gemeente-leusden')],
        [OMTHUIS, omthuis.name, sentAt('omthuis')],
      ].sort(),
    );
    expect(v1).toContain(`<p>Ontvangst: ${OMTHUIS} en ${GEMEENTE} nog niet bevestigd.</p>`);
    // The forwards are shown with their version, not among the reminders.
    expect(section(page, '<h2>Herinneringen</h2>')).not.toContain('doorsturen');
  });

  it('shows who confirmed receipt, on the Amsterdam date, on the deliverable page and in the verantwoording', async () => {
    const records = (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!;
    // 23:30 UTC on 2 March is 00:30 on 3 March in Amsterdam.
    const at = new ScaledClock(new Date('2027-03-02T23:30:00Z'), 1);
    expect(await confirmReceipt({ store: cloud.store, clock: at }, records, omthuis, 1)).toBe('confirmed');

    const page = await dashboard('/leveringen/huuradvies');
    expect(section(page, '<h3>Versie 1: doorgestuurd en ontvangen</h3>')).toContain(
      `<p>Ontvangst: ontvangen door ${OMTHUIS} op 3 maart 2027 (${omthuis.name}); ${GEMEENTE} nog niet bevestigd.</p>`,
    );

    const report = await dashboard('/verantwoording');
    expect(report).toContain('<th scope="col">Ontvangst bevestigd</th>');
    const row = accountabilityRow(report, 'Huuradvies over de huuraanpassing per 1 juli');
    expect(row).toContain(`ontvangen door ${OMTHUIS} op 3 maart 2027; ${GEMEENTE} nog niet bevestigd`);
    // A deliverable nothing was submitted for has no confirmations to show.
    expect(accountabilityRow(report, 'Reactie van Omthuis op het huuradvies')?.[4]).toBe('—');
  });

  it('reports the latest version in the verantwoording, and every version on the deliverable page', async () => {
    await submit({ ...advice, standpunt: 'positief' });
    const page = await dashboard('/leveringen/huuradvies');
    expect(section(page, '<h3>Versie 1: doorgestuurd en ontvangen</h3>')).toContain(`ontvangen door ${OMTHUIS} op 3 maart 2027`);
    const v2 = section(page, '<h3>Versie 2: doorgestuurd en ontvangen</h3>');
    expect(rowsOf(v2).slice(1).map((r) => r[0]).sort()).toEqual([GEMEENTE, OMTHUIS]);
    expect(v2).toContain(`<p>Ontvangst: ${OMTHUIS} en ${GEMEENTE} nog niet bevestigd.</p>`);

    const row = accountabilityRow(await dashboard('/verantwoording'), 'Huuradvies over de huuraanpassing per 1 juli');
    expect(row?.[4]).toBe(`versie 2: ${OMTHUIS} en ${GEMEENTE} nog niet bevestigd`);
  });
});
