import { SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface Mail {
  to: string;
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
        new SendRawEmailCommand({ RawMessage: { Data: raw }, ConfigurationSetName: this.configurationSet }),
      );
      return out.MessageId ?? 'onbekend';
    }
    const out = await this.ses.send(
      new SendEmailCommand({
        Source: this.from,
        Destination: { ToAddresses: [mail.to] },
        ConfigurationSetName: this.configurationSet,
        Message: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
        },
      }),
    );
    return out.MessageId ?? 'onbekend';
  }
}
