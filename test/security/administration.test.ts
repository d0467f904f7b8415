import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { httpRoutes } from '../../functions/http/routes.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { quietCloud, refusedTokens } from '../support.js';
import { amersfoortTemplate, contactsHeader, excel } from '../fixtures/amersfoort.js';

/**
 * The administration API (`/api/beheer/…`): signed in, in the group beheerder, and scoped to the
 * municipalities of the administrator's own groups. Refused requests change nothing.
 */
const clock = new ScaledClock(new Date('2027-02-10T09:00:00Z'), 1);
let cloud: LocalCloud;
let scan: () => Promise<unknown[]>;

const adminRoutes = httpRoutes.filter((r) => r.fn === 'administration');
const leusdenTemplate = amersfoortTemplate(2).replaceAll('amersfoort', 'leusden').replaceAll('Amersfoort', 'Leusden');
const bodies: Record<string, [string, string]> = {
  '/api/beheer/tenants': ['application/json', JSON.stringify({ tenantId: 'leusden', name: 'Gemeente Leusden' })],
  '/api/beheer/tenants/{tenant}/contacts': ['text/csv', excel([contactsHeader, 'hlve;;;secretaris;Secretaris HLVE;nieuw@hlve.example.org;nee;ja'])],
  '/api/beheer/tenants/{tenant}/coordinators': ['application/json', JSON.stringify({ partyId: 'gemeente-leusden', contactId: 'coordinator', aan: false })],
  '/api/beheer/tenants/{tenant}/opening-day': ['application/json', JSON.stringify({ datum: '1-12' })],
  '/api/beheer/tenants/{tenant}/templates': ['application/yaml', leusdenTemplate],
  '/api/beheer/tenants/{tenant}/cycles/{year}/template': ['application/json', JSON.stringify({ uitvoeren: false })],
};
const call = (route: (typeof httpRoutes)[number], authorization?: string, query = '') => {
  const [type, body] = bodies[route.path] ?? ['application/json', '{}'];
  return fetch(`${cloud.urls.http}${route.path.replace('{tenant}', 'leusden').replace('{year}', '2027')}${query}`, {
    method: route.method,
    headers: { ...(authorization ? { authorization } : {}), 'content-type': type },
    ...(route.method === 'POST' ? { body } : {}),
  });
};

beforeAll(async () => {
  ({ cloud, scan } = await quietCloud({ clock }));
});
afterAll(async () => cloud?.stop());

describe('the administration routes', () => {
  it('cover tenants, contacts, coordinators, the opening day, templates and moving a cycle', () => {
    expect(adminRoutes.map((r) => `${r.method} ${r.path.replace('/api/beheer/tenants', '')}`)).toEqual([
      'POST ',
      'POST /{tenant}/contacts',
      'POST /{tenant}/coordinators',
      'POST /{tenant}/opening-day',
      'GET /{tenant}/templates',
      'POST /{tenant}/templates',
      'POST /{tenant}/cycles/{year}/template',
    ]);
  });

  it('refuse without a valid token, and change nothing', async () => {
    const before = await scan();
    const { foreign, expired, forged } = await refusedTokens(cloud);
    for (const route of adminRoutes) {
      for (const authorization of [undefined, 'Bearer onzin', `Bearer ${foreign}`, `Bearer ${expired}`, `Bearer ${forged}`]) {
        expect((await call(route, authorization, '?uitvoeren=ja')).status, `${route.method} ${route.path}`).toBe(401);
      }
    }
    expect(await scan()).toEqual(before);
  });

  it('refuse a coordinator who is no administrator, and an administrator of another municipality (403), changing nothing', async () => {
    const before = await scan();
    const coordinator = await cloud.mintToken(['leusden']);
    const otherAdmin = await cloud.mintToken(['amersfoort'], 'beheerder-amersfoort', { administrator: true });
    for (const route of adminRoutes) {
      const plain = await call(route, `Bearer ${coordinator}`, '?uitvoeren=ja');
      expect(plain.status, `${route.method} ${route.path}`).toBe(403);
      expect(((await plain.json()) as { fout: string }).fout).toBe('Alleen voor beheerders');
      if (!route.path.includes('{tenant}')) continue;
      const other = await call(route, `Bearer ${otherAdmin}`, '?uitvoeren=ja');
      expect(other.status, `${route.method} ${route.path}`).toBe(403);
      expect(((await other.json()) as { fout: string }).fout).toBe('Geen toegang tot deze gemeente');
    }
    expect(await scan()).toEqual(before);
  });

  it('let Leusden\'s administrator see what would change without writing anything; GET and dry runs change nothing', async () => {
    const before = await scan();
    const admin = `Bearer ${await cloud.mintToken(['leusden'], 'beheerder-leusden', { administrator: true })}`;
    for (const route of adminRoutes.filter((r) => r.path.includes('{tenant}') && (r.method === 'GET' || ['contacts', 'templates', 'template'].some((p) => r.path.endsWith(p))))) {
      const res = await call(route, admin);
      expect(res.status, `${route.method} ${route.path}: ${await res.clone().text()}`).toBe(200);
    }
    expect(await scan()).toEqual(before);
    // Bad input: a Dutch 4xx that says what to change, never a 500, and still nothing written.
    const bad = await fetch(`${cloud.urls.http}/api/beheer/tenants/leusden/templates?uitvoeren=ja`, {
      method: 'POST',
      headers: { authorization: admin, 'content-type': 'application/yaml' },
      body: leusdenTemplate.replace('month: 4', 'month: 13'),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { uitleg: string }).uitleg).toMatch(/due\.month \(regel \d+\): moet 1-12 zijn/);
    const wrongType = await fetch(`${cloud.urls.http}/api/beheer/tenants/leusden/contacts`, { method: 'POST', headers: { authorization: admin, 'content-type': 'application/json' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    const huge = await fetch(`${cloud.urls.http}/api/beheer/tenants/leusden/templates`, { method: 'POST', headers: { authorization: admin, 'content-type': 'application/yaml' }, body: 'x'.repeat(1024 * 1024 + 1) });
    expect(huge.status).toBe(413);
    expect(await scan()).toEqual(before);
  });
});
