import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { formTokenOf } from '../../functions/coordinator/session.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { postForm, quietCloud } from '../support.js';

/**
 * Ids in a dashboard or API address are checked at the edge, before any store call: a 2,000
 * character deliverable id exceeds DynamoDB's key size (a 500 before this check), and one with
 * other characters cannot exist. Either is the same Dutch 404 as an unknown id, echoing nothing.
 */
const clock = new ScaledClock(new Date('2027-02-10T09:00:00Z'), 1);
let cloud: LocalCloud;
let scan: () => Promise<unknown[]>;

const impossible = ['x'.repeat(2_000), `huuradvies-${'ab-'.repeat(400)}`, 'HUURADVIES', 'huur advies', 'huur%00advies', '-huuradvies', 'hüüradvies', '%E2%80%AEsieva'];
const api = (path: string, body: unknown) =>
  fetch(`${cloud.urls.http}/api/tenants/leusden/cycles/2027/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cloud.devToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const session = { cookie: `beheer=${'placeholder'}` };

beforeAll(async () => {
  ({ cloud, scan } = await quietCloud({ clock }));
  session.cookie = `beheer=${cloud.devToken}`;
});
afterAll(async () => cloud?.stop());

describe('an id in the address that cannot exist', () => {
  it('is a Dutch 404 "Onbekende levering" on the dashboard, shown and posted, and changes nothing', async () => {
    const before = await scan();
    for (const id of impossible) {
      const url = `${cloud.urls.http}/beheer/leusden/2027/leveringen/${id}`;
      const shown = await fetch(url, { headers: session, redirect: 'manual' });
      expect(shown.status, id.slice(0, 30)).toBe(404);
      const page = await shown.text();
      expect(page).toContain('Onbekende levering');
      expect(page).toContain('Kies er een uit de lijst met leveringen.');
      expect(page).not.toContain(id.slice(0, 30));
      const posted = await postForm(url, { formulier: formTokenOf(cloud.devToken), actie: 'verlengen', nieuweDatum: '2027-03-15', reden: 'test van het adres' }, { headers: { 'content-type': 'application/x-www-form-urlencoded', ...session } });
      expect(posted.status, id.slice(0, 30)).toBe(404);
      expect(await posted.text()).toContain('Onbekende levering');
    }
    expect(await scan()).toEqual(before);
  });

  it('is a Dutch 404 from the API for a deliverable, its links, a meeting and an event, and changes nothing', async () => {
    const before = await scan();
    for (const id of impossible) {
      const calls = [
        [api(`deliverables/${id}`, { actie: 'verlengen', nieuweDatum: '2027-03-15', reden: 'test van het adres' }), 'Onbekende levering'],
        [api(`deliverables/${id}`, { actie: 'vrijstellen', reden: 'test van het adres' }), 'Onbekende levering'],
        [api(`deliverables/${id}/links`, { actie: 'intrekken', partyId: 'hlve', contactId: 'secretaris', reden: 'test van het adres' }), 'Onbekende levering'],
        [api(`meetings/${id}`, { date: '2027-04-12' }), 'Onbekende vergadering'],
        [api(`events/${id}`, { date: '2027-04-12' }), 'Onbekende gebeurtenis'],
      ] as const;
      for (const [call, fout] of calls) {
        const res = await call;
        expect(res.status, `${fout} ${id.slice(0, 30)}`).toBe(404);
        const body = (await res.json()) as { fout: string; uitleg: string };
        expect(body.fout).toBe(fout);
        expect(body.uitleg).not.toContain(id.slice(0, 30));
      }
    }
    expect(await scan()).toEqual(before);
  });

  it('is refused for a party or contact too, in the API and in the dashboard\'s forms', async () => {
    const before = await scan();
    const long = 'x'.repeat(2_000);
    for (const [partyId, contactId] of [[long, 'secretaris'], ['hlve', long], ['HLVE', 'secretaris'], ['hlve', 'secre taris']]) {
      const res = await api('deliverables/huuradvies/links', { actie: 'intrekken', partyId, contactId, reden: 'test van het adres' });
      expect(res.status).toBe(400);
      const form = await postForm(`${cloud.urls.http}/beheer/leusden/2027/partijen`, { formulier: formTokenOf(cloud.devToken), actie: 'deactiveren', partyId: partyId!, contactId: contactId! }, { headers: { 'content-type': 'application/x-www-form-urlencoded', ...session } });
      expect(form.status).toBe(400);
      const links = await postForm(`${cloud.urls.http}/beheer/leusden/2027/leveringen/huuradvies`, { formulier: formTokenOf(cloud.devToken), actie: 'intrekken', contact: `${partyId}/${contactId}`, reden: 'test van het adres' }, { headers: { 'content-type': 'application/x-www-form-urlencoded', ...session } });
      expect(links.status).toBe(400);
    }
    expect(await scan()).toEqual(before);
  });

  it('leaves a real id alone', async () => {
    const res = await fetch(`${cloud.urls.http}/beheer/leusden/2027/leveringen/huuradvies`, { headers: session });
    expect(res.status).toBe(200);
    const unknown = await fetch(`${cloud.urls.http}/beheer/leusden/2027/leveringen/bestaat-niet`, { headers: session });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Er is in 2027 geen levering &quot;bestaat-niet&quot;.');
  });
});
