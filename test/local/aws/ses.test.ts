import { SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SesMailer } from '../../../functions/adapters/mailer.js';
import type { LocalEndpoint } from '../../../infra/local/aws/http.js';
import { startRecordingProxy } from '../../../infra/local/aws/proxy.js';
import { CallRecorder } from '../../../infra/local/aws/recorder.js';
import { startSesLocal, type SesLocal } from '../../../infra/local/ses.js';
import { callInChild, credentialsOf, inbox, region, unsigned } from './support.js';

/** SES v1 through the recording proxy: aws-ses-v2-local delivers, the proxy writes down identity and configuration set. */
const recorder = new CallRecorder({ account: '123456789012' });
const from = 'Prestatieafspraken Leusden <prestatieafspraken@Leusden.nl>';
const identity = 'arn:aws:ses:eu-west-1:123456789012:identity/leusden.nl';
const configurationSet = 'arn:aws:ses:eu-west-1:123456789012:configuration-set/prestatiecyclus';
let ses: SesLocal;
let proxy: LocalEndpoint;

const client = (principal: string) => new SESClient({ endpoint: proxy.url, region, credentials: credentialsOf(principal), maxAttempts: 1 });
const mail = { to: 'secretaris@hlve.example.org', subject: 'Herinnering: huuradvies', text: 'Uw advies graag vóór 1 maart.', html: '<p>Uw advies graag vóór 1 maart.</p>' };

beforeAll(async () => {
  ses = await startSesLocal();
  proxy = await startRecordingProxy({ target: ses.endpoint, service: 'ses', recorder });
});
afterAll(async () => {
  await proxy?.close();
  await ses?.stop();
});
beforeEach(async () => {
  recorder.clear();
  await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
});

describe('the recording SES proxy', () => {
  it('delivers SesMailer’s SendEmail and records it on the domain identity and the configuration set', async () => {
    const id = await new SesMailer(client('Act'), from, 'prestatiecyclus').send({ ...mail, recipient: { tenantId: 'leusden', partyId: 'hlve', contactId: 'c1' } });
    expect(id).toMatch(/\S/);
    const [delivered, ...more] = await inbox(ses.endpoint);
    expect(more).toEqual([]);
    expect(delivered).toMatchObject({ messageId: id, subject: mail.subject, destination: { to: [mail.to] } });
    expect(recorder.entries).toEqual([
      { principal: 'Act', service: 'ses', action: 'ses:SendEmail', resource: identity },
      { principal: 'Act', service: 'ses', action: 'ses:SendEmail', resource: configurationSet },
    ]);
  });

  it('takes the identity of a raw mail without Source from its From header', async () => {
    const attachments = [{ filename: 'kalender.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }];
    await new SesMailer(client('SendCalendars'), from, 'prestatiecyclus').send({ ...mail, subject: 'Jaarkalender 2027', attachments });
    const [delivered] = await inbox(ses.endpoint);
    expect(delivered).toMatchObject({ subject: 'Jaarkalender 2027', attachments: [expect.objectContaining({ filename: 'kalender.ics' })] });
    expect(recorder.entries).toEqual([
      { principal: 'SendCalendars', service: 'ses', action: 'ses:SendRawEmail', resource: identity },
      { principal: 'SendCalendars', service: 'ses', action: 'ses:SendRawEmail', resource: configurationSet },
    ]);
  });

  it('finds the From header when it is folded, and prefers an explicit Source or SourceArn', async () => {
    const raw = Buffer.from('Subject: x\r\nFrom: "Gemeente, afd. Wonen @ Leusden"\r\n <wonen@gemeente.example.nl>\r\nTo: a@b.example\r\n\r\nTekst\r\n');
    await client('Dashboard').send(new SendRawEmailCommand({ RawMessage: { Data: raw } }));
    await client('Dashboard').send(new SendRawEmailCommand({ RawMessage: { Data: raw }, Source: 'noreply@bron.example.nl' }));
    await client('Dashboard').send(new SendEmailCommand({
      Source: 'noreply@leusden.nl', SourceArn: 'arn:aws:ses:eu-west-1:999999999999:identity/gedeeld.example.nl',
      Destination: { ToAddresses: ['a@b.example'] }, Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } },
    }));
    expect(await inbox(ses.endpoint)).toHaveLength(3);
    expect(recorder.entries.map((e) => `${e.action} ${e.resource}`)).toEqual([
      'ses:SendRawEmail arn:aws:ses:eu-west-1:123456789012:identity/gemeente.example.nl',
      'ses:SendRawEmail arn:aws:ses:eu-west-1:123456789012:identity/bron.example.nl',
      'ses:SendEmail arn:aws:ses:eu-west-1:999999999999:identity/gedeeld.example.nl',
    ]);
  });

  it('refuses unsigned, unknown and unattributable requests in SES’s XML shape, delivering nothing', async () => {
    const form = (fields: Record<string, string>, authorization?: string): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
      body: new URLSearchParams(fields).toString(),
    });
    const signed = 'AWS4-HMAC-SHA256 Credential=Act/20270101/eu-west-1/ses/aws4_request, SignedHeaders=host, Signature=00';
    const send = { Action: 'SendEmail', Source: 'a@leusden.nl', 'Destination.ToAddresses.member.1': 'b@c.example', 'Message.Subject.Data': 's', 'Message.Body.Text.Data': 't' };
    const answers = [
      await unsigned(proxy.url, form(send)),
      await unsigned(proxy.url, form({ Action: 'GetSendQuota' }, signed)),
      await unsigned(proxy.url, form({ ...send, Source: 'geen-adres' }, signed)),
      await unsigned(proxy.url, form({ Action: 'SendRawEmail', 'RawMessage.Data': Buffer.from('Subject: zonder afzender\r\n\r\nx').toString('base64') }, signed)),
      await unsigned(proxy.url, { method: 'POST', headers: { authorization: signed }, body: Buffer.from([0xff, 0x00, 0x7b]) }),
    ];
    expect(answers.map((a) => [a.status, /<Code>([^<]+)<\/Code>/.exec(a.text)?.[1]])).toEqual([
      [403, 'MissingAuthenticationToken'],
      [400, 'InvalidAction'],
      [400, 'InvalidParameterValue'],
      [400, 'InvalidParameterValue'],
      [400, 'InvalidAction'],
    ]);
    expect(await inbox(ses.endpoint)).toEqual([]);
    expect(recorder.entries).toEqual([]);
  });

  it('takes the standard AWS_ENDPOINT_URL_SES in a child process, the key id naming the caller', async () => {
    const out = await callInChild('ses', { from, configurationSet: 'prestatiecyclus', mail }, 'ManageLinks', { AWS_ENDPOINT_URL_SES: proxy.url });
    expect(out.node).toMatch(/^22\./);
    expect((await inbox(ses.endpoint)).map((m) => m.messageId)).toEqual([out.result]);
    expect(recorder.entries).toEqual([
      { principal: 'ManageLinks', service: 'ses', action: 'ses:SendEmail', resource: identity },
      { principal: 'ManageLinks', service: 'ses', action: 'ses:SendEmail', resource: configurationSet },
    ]);
  });
});
