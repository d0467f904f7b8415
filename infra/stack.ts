import { ArnFormat, CfnOutput, Duration, Fn, Stack, Token, Validations, type CfnElement, type StackProps } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.js';
import { Coordinators } from './constructs/coordinators.js';
import { Documents } from './constructs/documents.js';
import { Domain, type CustomDomainConfig } from './constructs/domain.js';
import { HouseFunction } from './constructs/house-function.js';
import { Keys, type KeysProps } from './constructs/keys.js';
import { Mail } from './constructs/mail.js';
import { Monitoring } from './constructs/monitoring.js';
import { Storage } from './constructs/storage.js';
import { Workflows } from './constructs/workflows.js';
import { NLDS_FILES } from '../functions/views/dashboard/stylesheet.js';
import { publicUrl } from '../functions/adapters/app-config.js';

export interface PrestatiecyclusStackProps extends StackProps {
  /** Where signed links point (the API's custom domain); links never use a request's Host header. */
  publicBaseUrl: string;
  /** The domain SES sends from. */
  mailFromDomain: string;
  /** The sender, on that domain. */
  mailFrom: string;
  /** The MAIL FROM subdomain of `mailFromDomain`. @default 'bounce' */
  mailFromSubdomain?: string;
  /** Who gets the alarms by mail, and the DMARC reports. */
  operatorEmail: string;
  /** The API under its own domain; publicBaseUrl is then `https://<domainName>`. @default the execute-api address */
  customDomain?: CustomDomainConfig;
  /** The current link and receipt keys and the retired ones still accepted or published. @default the first keys, none retired */
  keys?: KeysProps;
  /** Days a link stays valid after its deadline. @default 60 */
  linkGraceDays?: number;
  /** The prefix of the coordinators' login domain at Cognito. @default `<stack name>-beheer`, lower case */
  loginDomainPrefix?: string;
}

/** prestatiecyclus in one stack, composed of one construct per concern. */
export class PrestatiecyclusStack extends Stack {
  constructor(scope: Construct, id: string, props: PrestatiecyclusStackProps) {
    super(scope, id, props);
    const { table } = new Storage(this, 'Storage');
    const keys = new Keys(this, 'Keys', props.keys);
    const mail = new Mail(this, 'Mail', {
      fromDomain: props.mailFromDomain,
      from: props.mailFrom,
      mailFromSubdomain: props.mailFromSubdomain,
      dmarcReportsTo: props.operatorEmail,
    });
    const documentsStore = new Documents(this, 'Documents');
    const site = { PUBLIC_BASE_URL: props.publicBaseUrl, LINK_GRACE_DAYS: String(props.linkGraceDays ?? 60) };
    const address = { PUBLIC_BASE_URL: props.publicBaseUrl };
    const fn = (id: string, entryName: string) => new HouseFunction(this, id, { entryName });
    const coordinators = new Coordinators(this, 'Coordinators', {
      publicBaseUrl: props.publicBaseUrl,
      loginDomainPrefix: props.loginDomainPrefix ?? `${this.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-beheer`,
    });

    // Each function gets the variables it reads and the grants its calls need, nothing more.
    const plan = fn('Plan', 'plan').bindTable(table, ['Query']);
    const act = fn('Act', 'act').bindTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem']).withEnvironment(site);
    const materialise = fn('Materialise', 'materialise').bindTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem']);
    const startDeliverable = fn('StartDeliverable', 'start-deliverable');
    const sendCalendars = fn('SendCalendars', 'send-calendars').bindTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem']).withEnvironment(address);
    const linkPage = fn('LinkPage', 'link-page').bindTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem']).withEnvironment(site);
    const calendarFeed = fn('CalendarFeed', 'calendar-feed').bindTable(table, ['GetItem', 'Query']);
    const receiptKeys = fn('ReceiptKeys', 'receipt-keys');
    const cycleStatus = fn('CycleStatus', 'cycle-status').bindTable(table, ['Query']);
    const openCycle = fn('OpenCycle', 'open-cycle').bindTable(table, ['GetItem']); // the template versions in use, and whether the cycle is open
    const recordDate = fn('RecordDate', 'record-date').bindTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem']);
    const manageLinks = fn('ManageLinks', 'manage-links').bindTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem']).withEnvironment(site);
    const steerDeliverable = fn('SteerDeliverable', 'steer-deliverable').bindTable(table, ['Query', 'PutItem', 'UpdateItem']);
    const exportCycle = fn('ExportCycle', 'export-cycle').bindTable(table, ['GetItem', 'Query']);
    // npm run beheer's operations over the API: tenants, contacts, coordinators, template versions, moves.
    const administration = fn('Administration', 'administration').bindTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem']);
    const dashboard = new HouseFunction(this, 'Dashboard', {
      entryName: 'dashboard',
      // It reads the NL Design System stylesheets at start: they go next to its bundle.
      packageFiles: { nlds: NLDS_FILES },
    })
      .bindTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'])
      .withEnvironment({ ...site, ...coordinators.signInEnv() });
    // Signing in touches no data: no table, only the site's address and the login.
    const signIn = fn('SignIn', 'sign-in').withEnvironment({ ...address, ...coordinators.signInEnv() });
    const mailEvents = fn('MailEvents', 'mail-events').bindTable(table, ['UpdateItem']);
    // The one path back from any failure: reads every open instance, audits each restart, and
    // forwards the versions left in the outbox (claims, read links, the outbox entry removed).
    const reconciler = fn('Reconcile', 'reconcile').bindTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem']).withEnvironment(site);
    mail.onEvents(mailEvents);

    for (const sender of [act, linkPage, manageLinks, dashboard, reconciler]) mail.grantSend(sender, 'plain');
    mail.grantSend(sendCalendars, 'with-attachments');
    for (const signer of [act, sendCalendars, manageLinks, dashboard, reconciler]) keys.bindLinks(signer, 'sign');
    keys.bindLinks(linkPage, 'sign-and-verify'); // opens links, and mails a renewed one
    keys.bindLinks(calendarFeed, 'verify');
    keys.bindReceipts(linkPage, ['sign', 'publish']); // signs receipts, and checks them on the read page
    keys.bindReceipts(dashboard, ['sign', 'publish']); // records submissions received outside, shows receipts checked
    keys.bindReceipts(receiptKeys, ['publish']);
    for (const uploader of [linkPage, dashboard]) documentsStore.bindUploads(uploader);

    const deliverableMachineName = `${this.stackName}-deliverable`;
    const cycleMachineName = `${this.stackName}-cycle`;
    const workflows = new Workflows(this, 'Workflows', {
      plan,
      act,
      materialise,
      startDeliverable,
      sendCalendars,
      names: { deliverable: deliverableMachineName, cycle: cycleMachineName },
    });
    // The functions that start executions know the machine they start by ARN. Naming it explicitly
    // avoids a circular reference (a machine's ARN inside the function it invokes).
    const machineArn = (name: string) =>
      this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const starts = (starter: HouseFunction, variable: string, name: string) => {
      starter.addEnvironment(variable, machineArn(name));
      starter.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [machineArn(name)] }));
    };
    for (const starter of [startDeliverable, act, recordDate, linkPage, steerDeliverable, dashboard, administration]) {
      starts(starter, 'DELIVERABLE_STATE_MACHINE_ARN', deliverableMachineName);
    }
    // The dashboard opens next year's cycle on the coordinator's button, the reconciler on the tenant's opening date.
    for (const opener of [openCycle, dashboard, reconciler]) starts(opener, 'CYCLE_STATE_MACHINE_ARN', cycleMachineName);
    starts(reconciler, 'DELIVERABLE_STATE_MACHINE_ARN', deliverableMachineName);
    // On the deliverable machine's executions, found by their deterministic names: the reconciler,
    // and the dashboard showing reminders that stopped, look them up; whoever closes an instance
    // (a submission, a waiver, a template move dropping it) stops its execution.
    const executions = this.formatArn({ service: 'states', resource: 'execution', resourceName: `${deliverableMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const onExecutions: [HouseFunction, string[]][] = [
      [reconciler, ['states:DescribeExecution', 'states:StopExecution']],
      [dashboard, ['states:DescribeExecution', 'states:StopExecution']],
      [linkPage, ['states:StopExecution']],
      [steerDeliverable, ['states:StopExecution']],
      [recordDate, ['states:StopExecution']], // the revision a recorded date superseded
      [administration, ['states:StopExecution']],
    ];
    for (const [user, actions] of onExecutions) {
      user.addToRolePolicy(new PolicyStatement({ actions, resources: [executions] }));
      Validations.of(user).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${this.region}:${Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account}:execution:${deliverableMachineName}:*]`,
        reason: `${actions.join(' and ')} on the executions of the deliverable machine, found by their deterministic names; any of them and nothing else.`,
      });
    }
    new Schedule(this, 'ReconcileHourly', {
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      target: new LambdaInvoke(reconciler, { input: ScheduleTargetInput.fromObject({}) }),
      description: 'prestatiecyclus: every open instance with a notice to send has a running execution',
    });
    // The scheduler's role may invoke the reconciler and its versions (CDK grants `<arn>:*`), nothing else.
    const schedulerRole = this.node.children.find((c) => c.node.id.startsWith('SchedulerRoleForTarget'))!;
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(reconciler.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: 'EventBridge Scheduler invokes the reconciler function (any version of it) on its schedule; no other function.',
    });

    const api = new Api(this, 'Api', {
      functions: { linkPage, calendarFeed, receiptKeys, cycleStatus, openCycle, recordDate, manageLinks, steerDeliverable, exportCycle, dashboard, signIn, administration },
      coordinatorAuthorizer: coordinators.authorizer,
      disableExecuteApiEndpoint: props.customDomain !== undefined,
    });
    // Every function of the stack is watched: the list is found, not kept by hand.
    const all = this.node.findAll().filter((c): c is HouseFunction => c instanceof HouseFunction);
    const monitoring = new Monitoring(this, 'Monitoring', {
      stateMachines: [workflows.deliverable, workflows.cycle],
      functions: all,
      retrySignalling: [act],
      httpApi: api.httpApi,
      operatorEmail: props.operatorEmail,
    });

    // The DNS records to publish, one output each, as `name TYPE value`.
    const dns = (id: string, name: string, type: string, value: string, description: string) =>
      new CfnOutput(this, id, { value: Fn.join(' ', [name, type, value]), description });
    if (props.customDomain) {
      const domain = new Domain(this, 'Domain', { ...props.customDomain, httpApi: api.httpApi });
      dns('DnsApiDomain', props.customDomain.domainName, 'CNAME', domain.target, 'Point the API domain here (or a Route 53 alias to the ApiDomainHostedZone).');
      new CfnOutput(this, 'ApiDomainHostedZone', { value: domain.domainName.regionalHostedZoneId, description: 'The hosted zone of the API domain\'s target, for an alias record.' });
    } else {
      new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint, description: 'The API\'s own address; without a custom domain, publicBaseUrl is this.' });
    }
    for (const [id, record] of Object.entries(mail.dnsRecords())) dns(`Dns${id}`, record.name, record.type, record.value, record.about);
    new CfnOutput(this, 'LinkKey', { value: `${keys.linkKeyId}=${keys.linkKey.keyArn}`, description: 'The current link key; when rotating, list it in retiredLinkKeys.' });
    new CfnOutput(this, 'ReceiptKey', { value: keys.receiptKey.keyArn, description: 'The current receipt key; when rotating, list it in retiredReceiptKeyArns.' });
    new CfnOutput(this, 'AlarmTopic', { value: monitoring.topic.topicArn, description: 'Every alarm, also mailed to operatorEmail (confirm that subscription once).' });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'DashboardUrl', { value: publicUrl(props, '/beheer'), description: 'The coordinators\' dashboard.' });
    new CfnOutput(this, 'CoordinatorUserPool', { value: coordinators.userPool.userPoolId, description: 'Create coordinators here; group tenant:<id> per municipality.' });
    new CfnOutput(this, 'DeliverableStateMachine', { value: workflows.deliverable.stateMachineArn });
    new CfnOutput(this, 'CycleStateMachine', { value: workflows.cycle.stateMachineArn });
  }
}
