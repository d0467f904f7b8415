import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface MailProps {
  /** The domain mail is sent from; SES shows the DNS records to verify it. */
  fromDomain: string;
  /** The sender, on `fromDomain`, e.g. `Prestatieafspraken Leusden <prestatieafspraken@leusden.nl>`. */
  from: string;
}

/**
 * SES: a domain identity and a configuration set whose bounces and complaints are published to an
 * encrypted SNS topic, for the function that marks the contact.
 */
export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;
  readonly events: Topic;

  constructor(scope: Construct, id: string, private readonly props: MailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.fromDomain),
      configurationSet: this.configurationSet,
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

  /** The function that records bounces and complaints on the contact. */
  onEvents(fn: IFunction): void {
    this.events.addSubscription(new LambdaSubscription(fn));
  }

  /** Lets the function send from this identity through the configuration set, and sets its environment. */
  grantSend(fn: IGrantable & { addEnvironment(key: string, value: string): unknown }): void {
    const stack = Stack.of(this);
    fn.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
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
