/** A municipality-year's pages in the dashboard. */
export const basePath = (year: { tenant: string; year: number }) => `/beheer/${encodeURIComponent(year.tenant)}/${year.year}`;

/** A deliverable's page in the dashboard (escalation mails link here too). */
export const deliverablePath = (year: { tenant: string; year: number }, instanceId: string) => `${basePath(year)}/leveringen/${encodeURIComponent(instanceId)}`;

/** The HTTP routes, read by both the CDK API and the local gateway, so the two cannot drift apart. */
export const httpFunctions = [
  'linkPage',
  'calendarFeed',
  'receiptKeys',
  'cycleStatus',
  'openCycle',
  'recordDate',
  'manageLinks',
  'steerDeliverable',
  'exportCycle',
  'dashboard',
  'signIn',
  'administration',
] as const;
export type HttpFunction = (typeof httpFunctions)[number];

/**
 * Who may call a route:
 * - `public`: anyone; signed-link routes carry their credential in the token, the rest is harmless;
 * - `api`: a coordinator's Cognito token as Bearer, checked by the API's JWT authorizer and again by the function;
 * - `session`: a dashboard page; the session cookie holds the same token, checked by the function
 *   (API Gateway's JWT authorizer reads headers, not cookies), and forms carry the session's form token.
 */
export type RouteAccess = 'public' | 'api' | 'session';

export interface HttpRoute {
  method: 'ANY' | 'GET' | 'POST';
  path: string;
  fn: HttpFunction;
  access: RouteAccess;
}

export const httpRoutes = [
  { method: 'ANY', path: '/l/{token}', fn: 'linkPage', access: 'public' },
  { method: 'ANY', path: '/l/{token}/ontvangstbewijs/{version}', fn: 'linkPage', access: 'public' },
  { method: 'ANY', path: '/l/{token}/nieuwe-link', fn: 'linkPage', access: 'public' },
  { method: 'ANY', path: '/lezen/{token}', fn: 'linkPage', access: 'public' },
  { method: 'ANY', path: '/lezen/{token}/document/{version}', fn: 'linkPage', access: 'public' },
  { method: 'ANY', path: '/lezen/{token}/nieuwe-link', fn: 'linkPage', access: 'public' },
  { method: 'ANY', path: '/partij/{token}', fn: 'linkPage', access: 'public' },
  { method: 'ANY', path: '/partij/{token}/indienen/{instance}', fn: 'linkPage', access: 'public' },
  { method: 'ANY', path: '/agenda/{token}', fn: 'calendarFeed', access: 'public' },
  { method: 'GET', path: '/ontvangstbewijs/sleutels', fn: 'receiptKeys', access: 'public' },
  { method: 'GET', path: '/api/tenants/{tenant}/cycles/{year}', fn: 'cycleStatus', access: 'api' },
  { method: 'GET', path: '/api/tenants/{tenant}/cycles/{year}/export.csv', fn: 'exportCycle', access: 'api' },
  { method: 'GET', path: '/api/tenants/{tenant}/cycles/{year}/export.ics', fn: 'exportCycle', access: 'api' },
  { method: 'POST', path: '/api/tenants/{tenant}/cycles/{year}/open', fn: 'openCycle', access: 'api' },
  { method: 'POST', path: '/api/tenants/{tenant}/cycles/{year}/events/{event}', fn: 'recordDate', access: 'api' },
  { method: 'POST', path: '/api/tenants/{tenant}/cycles/{year}/meetings/{meeting}', fn: 'recordDate', access: 'api' },
  { method: 'POST', path: '/api/tenants/{tenant}/cycles/{year}/deliverables/{instance}/links', fn: 'manageLinks', access: 'api' },
  { method: 'POST', path: '/api/tenants/{tenant}/cycles/{year}/deliverables/{instance}', fn: 'steerDeliverable', access: 'api' },
  { method: 'POST', path: '/api/beheer/tenants', fn: 'administration', access: 'api' },
  { method: 'POST', path: '/api/beheer/tenants/{tenant}/contacts', fn: 'administration', access: 'api' },
  { method: 'POST', path: '/api/beheer/tenants/{tenant}/coordinators', fn: 'administration', access: 'api' },
  { method: 'POST', path: '/api/beheer/tenants/{tenant}/opening-day', fn: 'administration', access: 'api' },
  { method: 'GET', path: '/api/beheer/tenants/{tenant}/templates', fn: 'administration', access: 'api' },
  { method: 'POST', path: '/api/beheer/tenants/{tenant}/templates', fn: 'administration', access: 'api' },
  { method: 'POST', path: '/api/beheer/tenants/{tenant}/cycles/{year}/template', fn: 'administration', access: 'api' },
  { method: 'GET', path: '/stijl/beheer.css', fn: 'dashboard', access: 'public' },
  { method: 'ANY', path: '/beheer/inloggen', fn: 'signIn', access: 'public' },
  { method: 'GET', path: '/beheer/inloggen/terug', fn: 'signIn', access: 'public' },
  { method: 'POST', path: '/beheer/uitloggen', fn: 'signIn', access: 'public' },
  { method: 'GET', path: '/beheer', fn: 'dashboard', access: 'session' },
  { method: 'GET', path: '/beheer/{tenant}/{year}', fn: 'dashboard', access: 'session' },
  { method: 'POST', path: '/beheer/{tenant}/{year}/datums', fn: 'dashboard', access: 'session' },
  { method: 'GET', path: '/beheer/{tenant}/{year}/leveringen', fn: 'dashboard', access: 'session' },
  { method: 'GET', path: '/beheer/{tenant}/{year}/leveringen/{instance}', fn: 'dashboard', access: 'session' },
  { method: 'POST', path: '/beheer/{tenant}/{year}/leveringen/{instance}', fn: 'dashboard', access: 'session' },
  { method: 'GET', path: '/beheer/{tenant}/{year}/partijen', fn: 'dashboard', access: 'session' },
  { method: 'POST', path: '/beheer/{tenant}/{year}/partijen', fn: 'dashboard', access: 'session' },
  { method: 'GET', path: '/beheer/{tenant}/{year}/sjablonen', fn: 'dashboard', access: 'session' },
  { method: 'POST', path: '/beheer/{tenant}/{year}/sjablonen', fn: 'dashboard', access: 'session' },
  { method: 'GET', path: '/beheer/{tenant}/{year}/volgend-jaar', fn: 'dashboard', access: 'session' },
  { method: 'POST', path: '/beheer/{tenant}/{year}/volgend-jaar', fn: 'dashboard', access: 'session' },
  { method: 'GET', path: '/beheer/{tenant}/{year}/verantwoording', fn: 'dashboard', access: 'session' },
  { method: 'GET', path: '/beheer/{tenant}/{year}/export.csv', fn: 'dashboard', access: 'session' },
  { method: 'GET', path: '/beheer/{tenant}/{year}/export.ics', fn: 'dashboard', access: 'session' },
] as const satisfies readonly HttpRoute[];

/** The route keys (`GET /beheer/{tenant}/{year}`) one function serves, as API Gateway names them in the event. */
export type RouteKeyOf<F extends HttpFunction> = Extract<(typeof httpRoutes)[number], { fn: F }> extends infer R
  ? R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;
