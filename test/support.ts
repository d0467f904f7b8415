import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT } from 'jose';
import { documentClient } from '../functions/adapters/deps.js';
import { personalLink } from '../functions/services/links.js';
import { COORDINATOR_AUDIENCE, DEV_ISSUER, mintDevToken } from '../functions/coordinator/auth.js';
import { localCredentials, localRegion } from '../infra/local/dynamodb.js';
import { inject } from 'vitest';
import type { Email } from 'aws-ses-v2-local/dist/store.js';
import { SimulatedClock } from '../functions/adapters/clock.js';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../infra/local/cloud.js';
import { leusdenContacts, openCycleLocally, seedTenant } from '../infra/local/seed.js';

/** The one-deliverable template of the huuradvies slice. */
export const huuradviesTemplate = new URL('./fixtures/huuradvies.yaml', import.meta.url);
export const hlve = leusdenContacts.find((c) => c.partyId === 'hlve')!;
export const coordinator = leusdenContacts.find((c) => c.coordinator)!;

/** Seeds Leusden with a template and opens its cycle year through the opening workflow. */
export async function seedAndOpen(cloud: LocalCloud, year = 2027, template: URL = huuradviesTemplate) {
  await seedTenant(cloud.store, 'leusden', 'Gemeente Leusden', template);
  return openCycleLocally(cloud.engine, 'leusden', year);
}

/** A local cloud on the shared DynamoDB Local, with a table and SES local of its own. */
export async function testCloud(options: Omit<LocalCloudOptions, 'dynamoEndpoint'>) {
  return startLocalCloud({
    ...options,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: options.tableName ?? `test-${randomBytes(6).toString('hex')}`,
  });
}

/** The mail SES local captured, oldest first. */
export async function inbox(sesEndpoint: string): Promise<Email[]> {
  const res = await fetch(`${sesEndpoint}/store`);
  return ((await res.json()) as { emails: Email[] }).emails;
}

/** The deadline mails only: reminders, notices, escalations and receipts, not the year calendars. */
export async function deadlineMails(sesEndpoint: string): Promise<Email[]> {
  return (await inbox(sesEndpoint)).filter((m) => !m.subject.startsWith('Jaarkalender'));
}

export function linkIn(mail: Email): string {
  const match = /(http:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9._-]+)/.exec(mail.body.text ?? '');
  if (!match) throw new Error('no link in mail');
  return match[1]!;
}

/** Posts a form as a browser does, without following the redirect. */
export async function postForm(url: string, fields: Record<string, string>, init: RequestInit = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
    ...init,
  });
}

export function formKeyIn(page: string): string {
  const match = /name="formKey" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no formKey in page');
  return match[1]!;
}

/**
 * A cloud seeded with Leusden and opened, its workflows stopped, and a scan of its whole table: the
 * security tests compare scans before and after an attack to show that nothing changed.
 */
export async function quietCloud(options: Omit<LocalCloudOptions, 'dynamoEndpoint' | 'tableName'>) {
  const cloud = await testCloud(options);
  await seedAndOpen(cloud);
  cloud.engine.stop();
  return { cloud, scan: tableScan(cloud) };
}

/** A scan of the cloud's whole table, to compare before and after. */
export function tableScan(cloud: LocalCloud): () => Promise<unknown[]> {
  const db = documentClient(new DynamoDBClient({ endpoint: cloud.urls.dynamodb, region: localRegion, credentials: localCredentials }));
  return async () => (await db.send(new ScanCommand({ TableName: cloud.store.tableName }))).Items ?? [];
}

/** A Leusden contact's personal link for a deliverable: HLVE's huuradvies of 2027 unless told otherwise. */
export async function linkFor(cloud: LocalCloud, options: { instanceId?: string; partyId?: string; year?: number } = {}): Promise<string> {
  const { instanceId = 'huuradvies', partyId = 'hlve', year = 2027 } = options;
  const records = (await cloud.store.cycles.loadInstance('leusden', year, instanceId))!;
  const contact = { ...leusdenContacts.find((c) => c.partyId === partyId)!, tenantId: 'leusden' };
  return (await personalLink(cloud.deps, records, contact)).url;
}

/** Coordinator tokens that must be refused: signed with another secret, expired, and `alg: none` with Leusden's claims. */
export async function refusedTokens(cloud: LocalCloud) {
  const foreign = await mintDevToken(randomBytes(32), 'indringer', ['leusden']);
  const expired = await new SignJWT({ 'cognito:groups': ['tenant:leusden'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('oud')
    .setIssuer(DEV_ISSUER)
    .setAudience(COORDINATOR_AUDIENCE)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(new TextEncoder().encode('x'.repeat(32)));
  const forged = `eyJhbGciOiJub25lIn0.${cloud.devToken.split('.')[1]}.`;
  return { foreign, expired, forged };
}

/** Runs a `cli/` script as `npm run` does (the same Node, from the project folder): its exit code and output. */
export async function runCli(script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', `cli/${script}`, ...args], { cwd: new URL('../', import.meta.url).pathname });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * HLVE's huuradvies season on the simulated clock from 1 December 2026: the cycle opens, `script`
 * plays its part (the clock waits for it), and when every execution has ended the instance's
 * records and the deadline mails are returned.
 */
export async function huuradviesSeason(
  options: Partial<Omit<LocalCloudOptions, 'clock'>> & { script?: (clock: SimulatedClock, cloud: LocalCloud) => Promise<void>; started?: (cloud: LocalCloud) => void } = {},
) {
  const { script, started, ...cloudOptions } = options;
  const clock = new SimulatedClock(new Date('2026-12-01T10:00:00Z'));
  clock.join(); // the test script is a participant: the clock waits for it
  const cloud = await testCloud({ ...cloudOptions, clock });
  started?.(cloud);
  await seedAndOpen(cloud);
  if (script) await script(clock, cloud);
  clock.leave();
  await cloud.engine.settled();
  return { records: (await cloud.store.cycles.loadInstance('leusden', 2027, 'huuradvies'))!, mails: await deadlineMails(cloud.urls.ses) };
}
