import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  cycleStatusResponse,
  manageLinksResponse,
  openCycleResponse,
  receiptKeysResponse,
  recordDateResponse,
  steerDeliverableResponse,
} from '../../functions/http/api-schemas.js';
import { ScaledClock } from '../../functions/adapters/clock.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { seedAndOpen, testCloud } from '../support.js';

/**
 * The JSON API answers what docs/openapi.json says: each answer of a real request is checked
 * against the zod schema the document is generated from (no undocumented top-level fields).
 */
const clock = new ScaledClock(new Date('2022-02-10T10:00:00Z'), 1);
let cloud: LocalCloud;

async function call<T extends z.ZodObject | z.ZodUnion>(schema: T, path: string, body?: unknown) {
  const res = await fetch(`${cloud.urls.http}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${cloud.devToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, path).toBeLessThan(300);
  const json = await res.json();
  const strict = 'strict' in schema ? (schema as z.ZodObject).strict() : schema;
  const parsed = strict.safeParse(json);
  expect(parsed.success, `${path}: ${JSON.stringify(parsed.error?.issues.slice(0, 3))}`).toBe(true);
  return json as z.infer<T>;
}

beforeAll(async () => {
  cloud = await testCloud({ clock });
  await seedAndOpen(cloud, 2022, new URL('../../workflows/cycles/leusden-2020-2022.yaml', import.meta.url));
  cloud.engine.stop();
});
afterAll(async () => cloud?.stop());

describe('the coordinator API answers as documented', () => {
  const base = '/api/tenants/leusden/cycles/2022';
  it('status, opening, dates, steering, links and the receipt keys', async () => {
    const status = await call(cycleStatusResponse, base);
    expect(status.deliverables.length).toBe(71);
    await call(openCycleResponse, `${base}/open`, {});
    const date = await call(recordDateResponse, `${base}/meetings/voorjaarsoverleg`, { date: '2022-04-12T19:30', reden: 'afgestemd' });
    expect(date.started.length).toBeGreaterThan(0);
    await call(steerDeliverableResponse, `${base}/deliverables/huuradvies`, { actie: 'verlengen', nieuweDatum: '2022-03-14', reden: 'vergadering HLVE' });
    await call(steerDeliverableResponse, `${base}/deliverables/bod-wsl`, { actie: 'vrijstellen', reden: 'fusie' });
    await call(manageLinksResponse, `${base}/deliverables/huuradvies/links`, { actie: 'versturen', partyId: 'hlve', contactId: 'secretaris', reden: 'kwijt' });
    const keys = await fetch(`${cloud.urls.http}/ontvangstbewijs/sleutels`);
    expect(receiptKeysResponse.strict().safeParse(await keys.json()).success).toBe(true);
    // After all that, the status still has the documented shape, with the notices of every revision.
    const after = await call(cycleStatusResponse, base);
    expect(after.deliverables.find((d) => d.instanceId === 'bod-wsl')!.status).toBe('vrijgesteld');
  });
});
