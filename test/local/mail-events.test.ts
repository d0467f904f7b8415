import { SESClient } from '@aws-sdk/client-ses';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../functions/adapters/clock.js';
import { SesMailer, type Mail, type Mailer } from '../../functions/adapters/mailer.js';
import { createMailEventsHandler } from '../../functions/events/mail-events.js';
import type { LocalCloud } from '../../infra/local/cloud.js';
import { localCredentials, localRegion } from '../../infra/local/dynamodb.js';
import { hlve, seedAndOpen, testCloud } from '../support.js';

/**
 * Mail that does not arrive: every mail names its contact in SES message tags, and SES's bounce or
 * complaint notification (through SNS) marks that contact, which the dashboard then shows.
 */
const clock = new ScaledClock(new Date('2027-02-20T09:00:00Z'), 1);
let cloud: LocalCloud;
const sent: Mail[] = [];

const snsOf = (...messages: unknown[]): SNSEvent => ({
  Records: messages.map((m, i) => ({
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:events:sub',
    Sns: {
      Type: 'Notification',
      MessageId: `m-${i}`,
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:events',
      Subject: '',
      Message: typeof m === 'string' ? m : JSON.stringify(m),
      Timestamp: '2027-02-20T09:05:00.000Z',
      SignatureVersion: '1',
      Signature: '',
      SigningCertUrl: '',
      UnsubscribeUrl: '',
      MessageAttributes: {},
    },
  })),
});

/** The shape SES publishes for a configuration set's event destination (event publishing). */
const bounceOf = (contact: { partyId: string; contactId: string }, bounceType = 'Permanent') => ({
  eventType: 'Bounce',
  bounce: { bounceType, bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'x@example.org' }], timestamp: '2027-02-20T09:04:00.000Z', feedbackId: 'f' },
  mail: {
    timestamp: '2027-02-20T09:00:00.000Z',
    source: 'prestatieafspraken@example.org',
    messageId: 'abc',
    destination: ['x@example.org'],
    tags: { tenant: ['leusden'], party: [contact.partyId], contact: [contact.contactId], 'ses:configuration-set': ['set'] },
  },
});

beforeAll(async () => {
  cloud = await testCloud({
    clock,
    wrapMailer: (mailer): Mailer => ({
      send: async (mail) => {
        sent.push(mail);
        return mailer.send(mail);
      },
    }),
  });
  await seedAndOpen(cloud);
  cloud.engine.stop();
});
afterAll(async () => cloud?.stop());

describe('mail that does not arrive', () => {
  it('names its contact on every mail sent (calendars, reminders), never only by address', () => {
    expect(sent.length).toBeGreaterThan(0);
    for (const mail of sent) expect(mail.recipient, mail.subject).toMatchObject({ tenantId: 'leusden' });
    expect(sent.some((m) => m.recipient?.partyId === hlve.partyId && m.recipient.contactId === hlve.contactId)).toBe(true);
  });

  it('sends the contact as SES message tags', async () => {
    const client = new SESClient({ endpoint: cloud.urls.ses, region: localRegion, credentials: localCredentials });
    let tags: unknown;
    client.middlewareStack.add((next) => async (args) => {
      tags = (args.input as { Tags?: unknown }).Tags;
      return next(args);
    });
    await new SesMailer(client, 'afzender@example.org').send({ to: hlve.email, subject: 'Test', text: 't', html: '<p>t</p>', recipient: { tenantId: 'leusden', partyId: 'hlve', contactId: 'secretaris' } });
    expect(tags).toEqual([
      { Name: 'tenant', Value: 'leusden' },
      { Name: 'party', Value: 'hlve' },
      { Name: 'contact', Value: 'secretaris' },
    ]);
    client.destroy();
  });

  it('marks the contact of a bounce; ignores unknown contacts and malformed notifications without creating anything', async () => {
    const handler = createMailEventsHandler(cloud.deps);
    const result = await handler(snsOf(bounceOf(hlve), bounceOf({ partyId: 'hlve', contactId: 'bestaat-niet' }), 'geen json', { eventType: 'Delivery', mail: {} }));
    expect(result).toEqual({ recorded: 1, ignored: 3 });
    const { contacts } = await cloud.store.tenants.directory('leusden');
    expect(contacts.find((c) => c.contactId === hlve.contactId && c.partyId === hlve.partyId)?.bounce).toEqual({ at: '2027-02-20T09:04:00.000Z', type: 'Permanent' });
    expect(contacts.some((c) => c.contactId === 'bestaat-niet')).toBe(false);
  });

  it('shows the bounced contact on the dashboard\'s Partijen en contacten', async () => {
    const page = await fetch(`${cloud.urls.http}/beheer/leusden/2027/partijen`, { headers: { cookie: `beheer=${cloud.devToken}` } });
    const body = await page.text();
    expect(page.status).toBe(200);
    const bounced = /<h2>Teruggekomen e-mail<\/h2>([\s\S]*?)<h2>/.exec(body)![1]!;
    expect(bounced).toContain(hlve.email);
    expect(bounced).toContain('adres bestaat niet of weigert mail');
  });
});
