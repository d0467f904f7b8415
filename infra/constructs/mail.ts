import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  /** The domain mail is sent from; SES shows the DNS records to verify it. */
  fromDomain: string;
  /** The sender, on `fromDomain`, e.g. `Prestatieafspraken Leusden <prestatieafspraken@leusden.nl>`. */
  from: string;
}

/** SES: a domain identity and a configuration set, so bounces and complaints come back as events. */
export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;

  constructor(scope: Construct, id: string, private readonly props: MailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.fromDomain),
      configurationSet: this.configurationSet,
    });
  }

  /** Lets the function send from this identity through the configuration set, and sets its environment. */
  grantSend(fn: IGrantable & { addEnvironment(key: string, value: string): unknown }): void {
    const stack = Stack.of(this);
    fn.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
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
