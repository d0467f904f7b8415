import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { httpRoutes } from '../../functions/http/routes.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { quietCloud, refusedTokens } from '../support.js';

/** Every coordinator route of the route table: signed in, and scoped to the coordinator's own municipality. */
const clock = new ScaledClock(new Date('2027-02-10T09:00:00Z'), 1);
let cloud: LocalCloud;
let scan: () => Promise<unknown[]>;

/** The administration routes have their own test (administration.test.ts): they need the group beheerder too. */
const coordinatorRoutes = httpRoutes.filter((r) => r.access === 'api' && r.fn !== 'administration');
const params: Record<string, string> = { tenant: 'leusden', year: '2027', event: 'onbekend', meeting: 'onbekend', instance: 'huuradvies' };
const bodies: Record<string, string> = {
  recordDate: JSON.stringify({ date: '2027-03-01' }),
  manageLinks: JSON.stringify({ actie: 'intrekken', partyId: 'hlve', contactId: 'secretaris', reden: 'test van de toegang' }),
  steerDeliverable: JSON.stringify({ actie: 'verlengen', nieuweDatum: '2027-03-15', reden: 'test van de toegang' }),
};
const call = (route: (typeof httpRoutes)[number], authorization?: string) =>
  fetch(`${cloud.urls.http}${route.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]!)}`, {
    method: route.method === 'ANY' ? 'GET' : route.method,
    headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json' },
    ...(route.method === 'POST' ? { body: bodies[route.fn] ?? '{}' } : {}),
  });

beforeAll(async () => {
  ({ cloud, scan } = await quietCloud({ clock }));
});
afterAll(async () => cloud?.stop());

describe('the coordinator routes', () => {
  it('cover every route the table marks as coordinator', () => {
    expect(coordinatorRoutes.map((r) => r.fn).sort()).toEqual(['cycleStatus', 'exportCycle', 'exportCycle', 'manageLinks', 'openCycle', 'recordDate', 'recordDate', 'steerDeliverable']);
  });

  it('refuse without a valid token: none, garbage, another signer, expired, another audience — and change nothing', async () => {
    const before = await scan();
    const { foreign, expired, forged } = await refusedTokens(cloud);
    for (const route of coordinatorRoutes) {
      for (const authorization of [undefined, 'Bearer onzin', `Bearer ${foreign}`, `Bearer ${expired}`, `Bearer ${forged}`, cloud.devToken]) {
        const res = await call(route, authorization);
        expect(res.status, `${route.method} ${route.path} with ${String(authorization).slice(0, 20)}`).toBe(401);
        expect(((await res.json()) as { fout: string }).fout).toBe('Niet aangemeld');
      }
    }
    expect(await scan()).toEqual(before);
  });

  it('let a coordinator of another municipality read and change nothing of Leusden (403 on every route)', async () => {
    const before = await scan();
    const amersfoort = await cloud.mintToken(['amersfoort']);
    for (const route of coordinatorRoutes) {
      const res = await call(route, `Bearer ${amersfoort}`);
      expect(res.status, `${route.method} ${route.path}`).toBe(403);
      expect(((await res.json()) as { fout: string }).fout).toBe('Geen toegang tot deze gemeente');
    }
    expect(await scan()).toEqual(before);
  });

  it('let Leusden\'s coordinator through on every route', async () => {
    const leusden = await cloud.mintToken(['leusden', 'amersfoort']);
    for (const route of coordinatorRoutes) {
      const res = await call(route, `Bearer ${leusden}`);
      expect([401, 403], `${route.method} ${route.path}`).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    }
  });
});
