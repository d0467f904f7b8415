import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Email } from 'aws-ses-v2-local/dist/store.js';
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
export async function testCloud(options: Omit<LocalCloudOptions, 'dynamoEndpoint' | 'tableName'>) {
  return startLocalCloud({
    ...options,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `test-${randomBytes(6).toString('hex')}`,
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
