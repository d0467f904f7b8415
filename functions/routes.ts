/** The HTTP routes, read by both the CDK API and the local gateway, so the two cannot drift apart. */
export const httpFunctions = ['linkPage', 'calendarFeed', 'receiptKeys', 'cycleStatus', 'openCycle', 'recordDate', 'manageLinks', 'steerDeliverable', 'exportCycle'] as const;
export type HttpFunction = (typeof httpFunctions)[number];

export interface HttpRoute {
  method: 'ANY' | 'GET' | 'POST';
  path: string;
  fn: HttpFunction;
  /** Coordinator routes are behind the authorizer; link routes are public and signed. */
  coordinator: boolean;
}

export const httpRoutes: readonly HttpRoute[] = [
  { method: 'ANY', path: '/l/{token}', fn: 'linkPage', coordinator: false },
  { method: 'ANY', path: '/l/{token}/ontvangstbewijs/{version}', fn: 'linkPage', coordinator: false },
  { method: 'ANY', path: '/l/{token}/nieuwe-link', fn: 'linkPage', coordinator: false },
  { method: 'ANY', path: '/agenda/{token}', fn: 'calendarFeed', coordinator: false },
  { method: 'GET', path: '/ontvangstbewijs/sleutels', fn: 'receiptKeys', coordinator: false },
  { method: 'GET', path: '/api/tenants/{tenant}/cycles/{year}', fn: 'cycleStatus', coordinator: true },
  { method: 'GET', path: '/api/tenants/{tenant}/cycles/{year}/export.csv', fn: 'exportCycle', coordinator: true },
  { method: 'GET', path: '/api/tenants/{tenant}/cycles/{year}/export.ics', fn: 'exportCycle', coordinator: true },
  { method: 'POST', path: '/api/tenants/{tenant}/cycles/{year}/open', fn: 'openCycle', coordinator: true },
  { method: 'POST', path: '/api/tenants/{tenant}/cycles/{year}/events/{event}', fn: 'recordDate', coordinator: true },
  { method: 'POST', path: '/api/tenants/{tenant}/cycles/{year}/meetings/{meeting}', fn: 'recordDate', coordinator: true },
  { method: 'POST', path: '/api/tenants/{tenant}/cycles/{year}/deliverables/{instance}/links', fn: 'manageLinks', coordinator: true },
  { method: 'POST', path: '/api/tenants/{tenant}/cycles/{year}/deliverables/{instance}', fn: 'steerDeliverable', coordinator: true },
];
