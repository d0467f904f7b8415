import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cycleStatusResponse, recordDateBody, steerDeliverableBody } from '../../functions/http/api-schemas.js';
import { openApiDocument } from '../../functions/http/openapi.js';
import { httpRoutes } from '../../functions/http/routes.js';

const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string; security?: unknown[]; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; oneOf?: unknown[] } }> } }>>;
};

describe('the OpenAPI document', () => {
  it('is generated from the route table and the zod schemas, and committed up to date (npm run schema)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument('0.1.0'))));
  });

  it('documents every API and link route (not the dashboard\'s HTML pages), API routes with their security, and unique operation ids', () => {
    const documented = httpRoutes.filter((r) => r.fn !== 'dashboard' && r.fn !== 'signIn');
    expect(Object.keys(committed.paths).sort()).toEqual([...new Set(documented.map((r) => r.path))].sort());
    const operations = Object.values(committed.paths).flatMap((methods) => Object.values(methods));
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    for (const route of httpRoutes.filter((r) => r.access === 'api')) {
      expect(committed.paths[route.path]![route.method.toLowerCase()]!.security).toEqual([{ coordinator: [] }]);
    }
  });

  it('describes what the API answers, from the same zod schemas', () => {
    const status = committed.paths['/api/tenants/{tenant}/cycles/{year}']!.get! as unknown as { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> };
    expect(Object.keys(status.responses['200']!.content['application/json']!.schema.properties)).toEqual(Object.keys(cycleStatusResponse.shape));
  });

  it('describes the request bodies the handlers validate', () => {
    const recordDate = committed.paths['/api/tenants/{tenant}/cycles/{year}/events/{event}']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(recordDate.properties!)).toEqual(Object.keys(recordDateBody.shape));
    const steer = committed.paths['/api/tenants/{tenant}/cycles/{year}/deliverables/{instance}']!.post!.requestBody!.content['application/json']!.schema;
    expect(steer.oneOf).toHaveLength(steerDeliverableBody.options.length);
  });
});
