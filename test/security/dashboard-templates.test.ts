import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { formTokenOf } from '../../functions/coordinator/session.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { amersfoortTemplate } from '../fixtures/amersfoort.js';
import { huuradviesTemplate, quietCloud } from '../support.js';

/**
 * The template pages of the dashboard (Sjablonen, Volgend jaar, the coordinator buttons on
 * Partijen): another municipality's coordinator sees and changes nothing, a form without the
 * session's own form token changes nothing (a file upload no more than a button), GET changes
 * nothing, and a check without loading writes nothing either.
 */
const clock = new ScaledClock(new Date('2027-02-10T09:00:00Z'), 1);
let cloud: LocalCloud;
let scan: () => Promise<unknown[]>;
const base = () => `${cloud.urls.http}/beheer/leusden/2027`;
const session = (token: string) => `beheer=${token}`;

/** Leusden's own template with a later deadline: a valid second version. */
const leusdenV2 = readFileSync(huuradviesTemplate, 'utf8').replace('month: 3, day: 1', 'month: 4, day: 1');

/** A file upload as a browser sends it (multipart), or a button's form (urlencoded). */
function post(path: string, token: string, fields: Record<string, string>, file?: { name: string; text: string }) {
  let body: FormData | string;
  const headers: Record<string, string> = { cookie: session(token) };
  if (file || fields.yaml !== undefined) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) form.append('bestand', new Blob([file.text], { type: 'application/yaml' }), file.name);
    body = form;
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(fields).toString();
  }
  return fetch(`${base()}${path}`, { method: 'POST', redirect: 'manual', headers, body });
}

/** Every action of the new forms, each valid: only the session or the form token can be why it is refused. */
const actions: { path: string; fields: Record<string, string>; file?: { name: string; text: string } }[] = [
  { path: '/sjablonen', fields: { actie: 'controleren' }, file: { name: 'v2.yaml', text: leusdenV2 } },
  { path: '/sjablonen', fields: { actie: 'laden', yaml: leusdenV2 } },
  { path: '/sjablonen', fields: { actie: 'toepassen', naar: 'huuradvies-test@1' } },
  { path: '/volgend-jaar', fields: { actie: 'openen' } },
  { path: '/partijen', fields: { actie: 'geen-coordinator', partyId: 'gemeente-leusden', contactId: 'coordinator' } },
  { path: '/partijen', fields: { actie: 'coordinator', partyId: 'gemeente-leusden', contactId: 'coordinator' } },
];

beforeAll(async () => {
  ({ cloud, scan } = await quietCloud({ clock }));
});
afterAll(async () => cloud?.stop());

describe('the template pages of the dashboard', () => {
  it('show another municipality\'s coordinator nothing of Leusden (403), and let them change nothing, even with their own valid form token', async () => {
    const before = await scan();
    const amersfoort = await cloud.mintToken(['amersfoort']);
    for (const path of ['/sjablonen', '/volgend-jaar']) {
      const res = await fetch(`${base()}${path}`, { redirect: 'manual', headers: { cookie: session(amersfoort) } });
      expect(res.status, path).toBe(403);
      const page = await res.text();
      expect(page).toContain('Geen toegang tot deze gemeente');
      expect(page).not.toContain('huuradvies-test');
    }
    for (const action of actions) {
      const res = await post(action.path, amersfoort, { ...action.fields, formulier: formTokenOf(amersfoort) }, action.file);
      expect(res.status, `${action.path} ${action.fields.actie}`).toBe(403);
    }
    // Their own municipality's template loaded into Leusden: still refused before anything is read.
    const res = await post('/sjablonen', amersfoort, { actie: 'laden', yaml: amersfoortTemplate(2), formulier: formTokenOf(amersfoort) });
    expect(res.status).toBe(403);
    expect(await scan()).toEqual(before);
  });

  it('refuse every form without the session\'s own form token (403), the upload as well as the buttons, and change nothing', async () => {
    const before = await scan();
    const colleague = await cloud.mintToken(['leusden'], 'andere-coordinator');
    for (const action of actions) {
      for (const formulier of [undefined, '', 'x'.repeat(43), formTokenOf(colleague)]) {
        const res = await post(action.path, cloud.devToken, { ...action.fields, ...(formulier === undefined ? {} : { formulier }) }, action.file);
        expect(res.status, `${action.path} ${action.fields.actie} with ${String(formulier)}`).toBe(403);
        expect(await res.text()).toContain('Formulier verlopen');
      }
    }
    expect(await scan()).toEqual(before);
  });

  it('change nothing on GET, nor on a check that is not loaded', async () => {
    const before = await scan();
    for (const path of ['/sjablonen', '/volgend-jaar', '/partijen']) {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${base()}${path}`, { headers: { cookie: session(cloud.devToken) } });
        expect(res.status, path).toBe(200);
      }
    }
    const checked = await post('/sjablonen', cloud.devToken, { actie: 'controleren', formulier: formTokenOf(cloud.devToken) }, { name: 'v2.yaml', text: leusdenV2 });
    expect(checked.status).toBe(200);
    const page = await checked.text();
    expect(page).toContain('Het sjabloon is geldig');
    expect(page).toContain('Laden als nieuwe versie');
    expect(await scan()).toEqual(before);
  });

  it('refuse a template of another municipality, a broken one and one over 1 MiB, in Dutch (4xx), writing nothing', async () => {
    const before = await scan();
    const token = formTokenOf(cloud.devToken);
    const foreign = await post('/sjablonen', cloud.devToken, { actie: 'laden', yaml: amersfoortTemplate(2), formulier: token });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('het sjabloon is voor gemeente amersfoort');
    const broken = await post('/sjablonen', cloud.devToken, { actie: 'controleren', formulier: token }, { name: 'kapot.yaml', text: leusdenV2.replace('validTo: 2040', 'validTo: tweeduizend') });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toMatch(/validTo \(regel \d+\)/);
    const big = `${leusdenV2}\n# ${'x'.repeat(1024 * 1024)}\n`;
    const tooLarge = await post('/sjablonen', cloud.devToken, { actie: 'controleren', formulier: token }, { name: 'groot.yaml', text: big });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain('1 MiB');
    const huge = await post('/sjablonen', cloud.devToken, { actie: 'controleren', formulier: token }, { name: 'groter.yaml', text: `${big}${big}` });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('Het sjabloon is te groot');
    const wrongType = await fetch(`${base()}/sjablonen`, { method: 'POST', headers: { cookie: session(cloud.devToken), 'content-type': 'text/plain' }, body: 'actie=laden' });
    expect(wrongType.status).toBe(415);
    const garbage = await fetch(`${base()}/sjablonen`, { method: 'POST', headers: { cookie: session(cloud.devToken), 'content-type': 'multipart/form-data; boundary=x' }, body: 'geen multipart' });
    expect(garbage.status).toBeGreaterThanOrEqual(400);
    expect(garbage.status).toBeLessThan(500);
    expect(await scan()).toEqual(before);
  });
});
