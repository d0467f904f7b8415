import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { httpRoutes, type HttpRoute } from '../../functions/http/routes.js';
import { matchRoute } from '../../infra/local/gateway.js';

/** The local gateway picks routes as API Gateway's HTTP API does: the most specific, whatever the order. */
const routes: readonly HttpRoute[] = httpRoutes;
const key = (r: { method: string; path: string } | undefined) => (r ? `${r.method} ${r.path}` : 'geen');
const orders = [routes, [...routes].reverse()];
/** Every order of the route table, as fast-check shuffles it. */
const shuffled = <R>(list: readonly R[]) => fc.shuffledSubarray([...list], { minLength: list.length, maxLength: list.length });

describe('the local gateway chooses the most specific route', () => {
  it('matches every route of the table with its own path, in any order of the table', () => {
    fc.assert(
      fc.property(shuffled(routes), (order) => {
        for (const route of routes) {
          const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => `waarde-${name}`);
          for (const method of route.method === 'ANY' ? ['GET', 'POST', 'HEAD'] : [route.method]) {
            expect(key(matchRoute(order, method, path)?.route)).toBe(key(route));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['GET', '/beheer/inloggen/terug', 'GET /beheer/inloggen/terug'],
    ['GET', '/beheer/leusden/2027', 'GET /beheer/{tenant}/{year}'],
    ['POST', '/l/abc/nieuwe-link', 'ANY /l/{token}/nieuwe-link'],
    ['GET', '/l/abc/ontvangstbewijs/2', 'ANY /l/{token}/ontvangstbewijs/{version}'],
    ['GET', '/api/tenants/leusden/cycles/2027/export.csv', 'GET /api/tenants/{tenant}/cycles/{year}/export.csv'],
    ['GET', '/api/tenants/leusden/cycles/2027', 'GET /api/tenants/{tenant}/cycles/{year}'],
  ])('%s %s goes to %s, in the table order and reversed', (method, path, expected) => {
    for (const order of orders) expect(key(matchRoute(order, method, path)?.route)).toBe(expected);
  });

  it('prefers a literal segment over a parameter, even when a broader route is listed first', () => {
    const broad = [
      { method: 'ANY', path: '/l/{token}/{rest}' },
      { method: 'ANY', path: '/l/{token}/ontvangstbewijs/{version}/{rest}' },
      { method: 'GET', path: '/api/tenants/{tenant}/cycles/{year}/{file}' },
      { method: 'GET', path: '/beheer/{tenant}/{year}' },
    ];
    fc.assert(
      fc.property(shuffled([...broad, ...routes]), (order) => {
        expect(key(matchRoute(order, 'POST', '/l/abc/nieuwe-link')?.route)).toBe('ANY /l/{token}/nieuwe-link');
        expect(key(matchRoute(order, 'POST', '/l/abc/iets-anders')?.route)).toBe('ANY /l/{token}/{rest}');
        expect(key(matchRoute(order, 'GET', '/api/tenants/leusden/cycles/2027/export.csv')?.route)).toBe('GET /api/tenants/{tenant}/cycles/{year}/export.csv');
        expect(key(matchRoute(order, 'GET', '/api/tenants/leusden/cycles/2027/export.ics')?.route)).toBe('GET /api/tenants/{tenant}/cycles/{year}/export.ics');
        expect(key(matchRoute(order, 'GET', '/api/tenants/leusden/cycles/2027/overzicht.pdf')?.route)).toBe('GET /api/tenants/{tenant}/cycles/{year}/{file}');
        expect(key(matchRoute(order, 'GET', '/beheer/inloggen/terug')?.route)).toBe('GET /beheer/inloggen/terug');
      }),
      { numRuns: 200 },
    );
  });

  it('compares from the left: an earlier literal segment decides', () => {
    const pair = [
      { method: 'GET', path: '/a/{x}/c' },
      { method: 'GET', path: '/a/b/{y}' },
    ];
    for (const order of [pair, [...pair].reverse()]) {
      expect(key(matchRoute(order, 'GET', '/a/b/c')?.route)).toBe('GET /a/b/{y}');
      expect(key(matchRoute(order, 'GET', '/a/z/c')?.route)).toBe('GET /a/{x}/c');
    }
  });

  it('prefers an explicit method over ANY on the same path, and ANY for the other methods', () => {
    const pair = [
      { method: 'ANY', path: '/beheer/inloggen' },
      { method: 'GET', path: '/beheer/inloggen' },
    ];
    for (const order of [pair, [...pair].reverse()]) {
      expect(key(matchRoute(order, 'GET', '/beheer/inloggen')?.route)).toBe('GET /beheer/inloggen');
      expect(key(matchRoute(order, 'POST', '/beheer/inloggen')?.route)).toBe('ANY /beheer/inloggen');
    }
  });

  it('matches literals exactly (a dot is a dot), parameters only on a whole non-empty segment, and keeps their raw value', () => {
    expect(matchRoute(routes, 'GET', '/api/tenants/leusden/cycles/2027/exportXcsv')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/l/')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/l/abc/')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/beheer/leusden')).toBeUndefined();
    expect(matchRoute(routes, 'DELETE', '/api/tenants/leusden/cycles/2027')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/l/a%2Fb')?.rawParameters).toEqual({ token: 'a%2Fb' });
    expect(matchRoute(routes, 'POST', '/api/tenants/t/cycles/2027/deliverables/bod/links')?.rawParameters).toEqual({ tenant: 't', year: '2027', instance: 'bod' });
  });
});
