import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { Clock } from '../../functions/adapters/clock.js';
import { signLinkToken, verifyLinkToken, type LinkClaims } from '../../functions/core/link-token.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { openCycleLocally, seedTenant } from '../../infra/local/seed.js';
import { formKeyIn, inbox, linkFor, postForm, tableScan, testCloud } from '../support.js';

/**
 * The setup the security tests of read links and party pages share (not a test file itself):
 * Leusden with three deliverables, and a second tenant, Amersfoort, with a deliverable of the same
 * id. HLVE's huuradvies goes to WSL and the gemeente; HLVE's jaarverslag only to the gemeente; WSL
 * owes a melding of its own. Both HLVE deliverables are submitted, so the forward mails (with the
 * read and party links) are out. Leusden also has an inactive contact of WSL.
 */
export const leusdenTemplate = `id: lees-test
title: Lees- en partijlinks (test)
tenant: leusden
validFrom: 2020
validTo: 2040
coordinatorParty: gemeente-leusden
parties:
  - { id: gemeente-leusden, name: Gemeente Leusden, role: gemeente }
  - { id: wsl, name: Woningstichting Leusden (WSL), role: corporatie }
  - { id: hlve, name: Huurders Leusden Voor Elkaar (HLVE), role: huurdersorganisatie }
deliverables:
  - id: huuradvies
    title: Huuradvies over de jaarlijkse huursomaanpassing
    description: Advies van de huurdersorganisatie over de huursomaanpassing.
    clauses: [{ agreement: prestatieafspraken-leusden-2020-2022, clause: "48", quote: huuraanpassing (voor 1 maart) overeengekomen }]
    kind: advice
    responsible: hlve
    inform: [wsl, gemeente-leusden]
    due: { rule: fixed, month: 3, day: 1, inclusive: false }
  - id: jaarverslag-hlve
    title: Vertrouwelijk jaarverslag van HLVE
    description: Alleen voor de gemeente.
    clauses: [{ agreement: prestatieafspraken-leusden-2020-2022, clause: "50", quote: het jaarverslag van de huurders }]
    kind: notification
    responsible: hlve
    inform: [gemeente-leusden]
    due: { rule: fixed, month: 6, day: 1, inclusive: false }
  - id: melding-wsl
    title: Melding van WSL over verkochte woningen
    description: Het aantal verkochte woningen.
    clauses: [{ agreement: prestatieafspraken-leusden-2020-2022, clause: "12", quote: aantal verkochte woningen }]
    kind: notification
    responsible: wsl
    inform: [hlve]
    due: { rule: fixed, month: 7, day: 1, inclusive: false }
`;
const amersfoortTemplate = `id: amersfoort-test
title: Amersfoort (test)
tenant: amersfoort
validFrom: 2020
validTo: 2040
coordinatorParty: gemeente-amersfoort
parties:
  - { id: gemeente-amersfoort, name: Gemeente Amersfoort, role: gemeente }
  - { id: portaal, name: Portaal Amersfoort, role: corporatie }
deliverables:
  - id: huuradvies
    title: Amersfoorts bod
    description: Het bod van Portaal.
    clauses: [{ agreement: prestatieafspraken-amersfoort, clause: "1", quote: het bod van de corporatie }]
    kind: notification
    responsible: portaal
    inform: [gemeente-amersfoort]
    due: { rule: fixed, month: 6, day: 1, inclusive: false }
`;

export const advice = { standpunt: 'positief', advies: 'Wij adviseren positief over de huursomaanpassing.', naam: 'Secretaris HLVE', namens: 'HLVE' };
export const jaarverslag = { toelichting: 'GEHEIM-JAARVERSLAG: alleen voor de gemeente bedoeld.', naam: 'Secretaris HLVE', namens: 'HLVE' };

export const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
export const linkOf = (text: string, path: 'lezen' | 'partij' | 'l') => new RegExp(`(http://127\\.0\\.0\\.1:\\d+/${path}/[A-Za-z0-9._-]+)`).exec(text)?.[1];

/** Submits a form through a party's submission link, as a browser does; extra fields (a `bijlage`) are added. */
export async function submitThrough(link: string, fields: Record<string, string>, page?: string) {
  const formKey = formKeyIn(page ?? (await (await fetch(link)).text()));
  const stored = await postForm(link, { ...fields, formKey });
  expect(stored.status).toBe(303);
}

export async function forwardedCloud(clock: Clock) {
  const dir = mkdtempSync(join(tmpdir(), 'lees-test-'));
  writeFileSync(join(dir, 'leusden.yaml'), leusdenTemplate);
  writeFileSync(join(dir, 'amersfoort.yaml'), amersfoortTemplate);
  const cloud = await testCloud({ clock });
  await seedTenant(cloud.store, 'leusden', 'Gemeente Leusden', pathToFileURL(join(dir, 'leusden.yaml')));
  await seedTenant(cloud.store, 'amersfoort', 'Gemeente Amersfoort', pathToFileURL(join(dir, 'amersfoort.yaml')));
  await openCycleLocally(cloud.engine, 'leusden', 2027);
  await openCycleLocally(cloud.engine, 'amersfoort', 2027);
  cloud.engine.stop(); // these tests drive the links, not the reminders
  await cloud.store.tenants.putContact({ tenantId: 'leusden', partyId: 'wsl', contactId: 'oud', name: 'Oud-bestuurder WSL', email: 'oud.wsl@example.org', coordinator: false, active: false });

  const hlveSubmit = await linkFor(cloud);
  await submitThrough(hlveSubmit, advice);
  await submitThrough(await linkFor(cloud, { instanceId: 'jaarverslag-hlve' }), jaarverslag);

  const forwards = (await inbox(cloud.urls.ses)).filter((m) => m.subject.startsWith('Ontvangen van'));
  const linksOf = (to: string, title: string) => {
    const mail = forwards.find((m) => m.destination.to[0] === to && m.subject.includes(title));
    if (!mail) throw new Error(`no forward of ${title} to ${to}`);
    return { read: linkOf(mail.body.text!, 'lezen')!, party: linkOf(mail.body.text!, 'partij')! };
  };
  const wsl = linksOf('bestuurder.wsl@example.org', 'Huuradvies');
  const gemeente = linksOf('coordinator.wonen@example.org', 'Huuradvies');
  const gemeenteJaarverslag = linksOf('coordinator.wonen@example.org', 'jaarverslag');
  expect(forwards.filter((m) => m.destination.to[0] === 'bestuurder.wsl@example.org')).toHaveLength(1); // WSL never got the jaarverslag

  const keys = cloud.deps.linkKeys;
  const claimsOf = async (url: string): Promise<LinkClaims> => {
    const checked = await verifyLinkToken(tokenOf(url), keys, clock.now());
    if (!checked.ok) throw new Error(`setup: ${checked.problem}`);
    return checked.claims;
  };
  /** A token signed with the cloud's own key: `base` with `changes`. */
  const sign = async (base: LinkClaims, changes: Partial<LinkClaims>) => signLinkToken({ ...base, ...changes }, keys);
  return { cloud, scan: tableScan(cloud), hlveSubmit, wsl, gemeente, gemeenteJaarverslag, claimsOf, sign };
}

export type ForwardedCloud = Awaited<ReturnType<typeof forwardedCloud>>;

/** The instance's records, as stored. */
export const recordsOf = async (cloud: LocalCloud, instanceId = 'huuradvies', tenant = 'leusden') => (await cloud.store.cycles.loadInstance(tenant, 2027, instanceId))!;

/** Status and body of a request that follows no redirect. */
export async function request(url: string, init?: RequestInit) {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** Asserts a refusal page: the status, Dutch HTML, and no form to post. */
export function expectRefusal(res: { status: number; headers: Headers; body: string }, status: number | [number, number], what = '') {
  if (Array.isArray(status)) {
    expect(res.status, what).toBeGreaterThanOrEqual(status[0]);
    expect(res.status, what).toBeLessThan(status[1]);
  } else {
    expect(res.status, what).toBe(status);
  }
  expect(res.headers.get('content-type'), what).toContain('text/html');
  expect(res.body, what).toContain('<html lang="nl">');
  expect(res.body, what).not.toContain('<form method="post" action="/lezen/');
}
