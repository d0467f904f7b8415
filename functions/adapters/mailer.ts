import { SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** Who a mail is for, as SES message tags: a bounce notification names the contact without an address. */
export interface MailRecipient {
  tenantId: string;
  partyId: string;
  contactId: string;
}

export interface Mail {
  to: string;
  recipient?: MailRecipient;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
}

/** Sends one mail and returns its message id. */
export interface Mailer {
  send(mail: Mail): Promise<string>;
}

/**
 * SES (v1 API) with a configuration set, so bounces and complaints come back as events. A mail
 * with attachments goes as a raw MIME message (SendRawEmail), composed by nodemailer.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly from: string,
    private readonly configurationSet?: string,
  ) {}

  async send(mail: Mail): Promise<string> {
    const Tags = mail.recipient
      ? [
          { Name: 'tenant', Value: mail.recipient.tenantId },
          { Name: 'party', Value: mail.recipient.partyId },
          { Name: 'contact', Value: mail.recipient.contactId },
        ]
      : undefined;
    if (mail.attachments?.length) {
      const raw = await new MailComposer({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      })
        .compile()
        .build();
      const out = await this.ses.send(
        new SendRawEmailCommand({ RawMessage: { Data: raw }, ConfigurationSetName: this.configurationSet, Tags }),
      );
      return out.MessageId ?? 'onbekend';
    }
    const out = await this.ses.send(
      new SendEmailCommand({
        Source: this.from,
        Destination: { ToAddresses: [mail.to] },
        ConfigurationSetName: this.configurationSet,
        Tags,
        Message: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
        },
      }),
    );
    return out.MessageId ?? 'onbekend';
  }
}
