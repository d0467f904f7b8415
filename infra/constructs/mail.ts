import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity, MailFromBehaviorOnMxFailure } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface MailProps {
  /** The domain mail is sent from; SES shows the DNS records to verify it. */
  fromDomain: string;
  /** The sender, on `fromDomain`, e.g. `Prestatieafspraken Leusden <prestatieafspraken@leusden.nl>`. */
  from: string;
  /** The MAIL FROM (envelope sender) subdomain of `fromDomain`, so SPF aligns with the sender for DMARC. @default 'bounce' */
  mailFromSubdomain?: string;
  /** Where DMARC aggregate reports go (the `rua` of the record to publish). */
  dmarcReportsTo: string;
}

/** A DNS record the domain's owner publishes, and what it is for. */
export interface DnsRecord {
  name: string;
  type: 'CNAME' | 'MX' | 'TXT';
  value: string;
  about: string;
}

/**
 * SES: a domain identity and a configuration set whose bounces and complaints are published to an
 * encrypted SNS topic, for the function that marks the contact.
 */
export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;
  readonly events: Topic;
  /** The envelope sender's domain, e.g. `bounce.leusden.nl`. */
  readonly mailFromDomain: string;

  constructor(scope: Construct, id: string, private readonly props: MailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
    this.mailFromDomain = `${props.mailFromSubdomain ?? 'bounce'}.${props.fromDomain}`;
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.fromDomain),
      configurationSet: this.configurationSet,
      mailFromDomain: this.mailFromDomain,
      // Until the MX record is published mail goes out with amazonses.com as envelope sender: DKIM
      // still aligns, so DMARC passes and no reminder is lost.
      mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
    });
    // SES publishes to an encrypted topic only with a customer managed key it may use.
    const key = new Key(this, 'EventsKey', { enableKeyRotation: true, description: 'prestatiecyclus: SES bounce and complaint events' });
    key.grant(new ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.events = new Topic(this, 'Events', { masterKey: key, enforceSSL: true });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.events),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }

  /**
   * The records that make the domain's mail trusted: the three Easy DKIM CNAMEs (SES verifies the
   * domain by them and signs with them), the MAIL FROM MX and SPF, and DMARC. Dutch public bodies
   * must apply DMARC (Forum Standaardisatie, 'pas toe of leg uit'); `p=quarantine` with DKIM and SPF
   * aligned, reports to the operator.
   */
  dnsRecords(): Record<string, DnsRecord> {
    const region = Stack.of(this).region;
    const id = this.identity;
    return {
      Dkim1: { name: id.dkimDnsTokenName1, type: 'CNAME', value: id.dkimDnsTokenValue1, about: 'DKIM, key 1 of 3: SES verifies the domain by these and signs with them.' },
      Dkim2: { name: id.dkimDnsTokenName2, type: 'CNAME', value: id.dkimDnsTokenValue2, about: 'DKIM, key 2 of 3.' },
      Dkim3: { name: id.dkimDnsTokenName3, type: 'CNAME', value: id.dkimDnsTokenValue3, about: 'DKIM, key 3 of 3.' },
      MailFromMx: { name: this.mailFromDomain, type: 'MX', value: `10 feedback-smtp.${region}.amazonses.com`, about: 'MAIL FROM: bounces return to SES through this subdomain.' },
      MailFromSpf: { name: this.mailFromDomain, type: 'TXT', value: '"v=spf1 include:amazonses.com ~all"', about: 'SPF of the MAIL FROM subdomain, so SPF aligns with the sender for DMARC.' },
      Dmarc: {
        name: `_dmarc.${this.props.fromDomain}`,
        type: 'TXT',
        value: `"v=DMARC1; p=quarantine; rua=mailto:${this.props.dmarcReportsTo}"`,
        about: 'DMARC, required of Dutch public bodies; keep an existing record that is as strict (p=quarantine or reject).',
      },
    };
  }

  /** The function that records bounces and complaints on the contact. */
  onEvents(fn: IFunction): void {
    this.events.addSubscription(new LambdaSubscription(fn));
  }

  /** Lets the function send from this identity through the configuration set, and sets its environment. */
  grantSend(fn: IGrantable & { addEnvironment(key: string, value: string): unknown }, mails: 'plain' | 'with-attachments'): void {
    const stack = Stack.of(this);
    fn.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        // A mail with an attachment (the year calendar) goes as a raw MIME message; the others do not.
        actions: [mails === 'plain' ? 'ses:SendEmail' : 'ses:SendRawEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.props.fromDomain }),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
      }),
    );
    fn.addEnvironment('MAIL_FROM', this.props.from);
    fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
  }
}
