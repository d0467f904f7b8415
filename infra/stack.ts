import { ArnFormat, CfnOutput, Stack, Validations, type CfnElement, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.js';
import { Coordinators } from './constructs/coordinators.js';
import { Documents } from './constructs/documents.js';
import { HouseFunction } from './constructs/house-function.js';
import { Keys } from './constructs/keys.js';
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
    const keys = new Keys(this, 'Keys');
    const mail = new Mail(this, 'Mail', { fromDomain: props.mailFromDomain, from: props.mailFrom });
    const { bucket: documents } = new Documents(this, 'Documents');
    const common = {
      PUBLIC_BASE_URL: props.publicBaseUrl,
      LINK_KEYS: keys.linkKeysEnv(),
      RECEIPT_KEY_ID: keys.receiptKey.keyArn,
      LINK_GRACE_DAYS: String(props.linkGraceDays ?? 60),
      DOCUMENTS_BUCKET: documents.bucketName,
    };
    const fn = (id: string, entryName: string) => new HouseFunction(this, id, { entryName, environment: common }).bindTable(table);

    const plan = fn('Plan', 'plan');
    const act = fn('Act', 'act');
    const handOver = fn('HandOver', 'hand-over');
    const materialise = fn('Materialise', 'materialise');
    const startDeliverable = fn('StartDeliverable', 'start-deliverable');
    const linkPage = fn('LinkPage', 'link-page');
    const cycleStatus = fn('CycleStatus', 'cycle-status');
    const openCycle = fn('OpenCycle', 'open-cycle');
    const recordDate = fn('RecordDate', 'record-date');
    const sendCalendars = fn('SendCalendars', 'send-calendars');
    const calendarFeed = fn('CalendarFeed', 'calendar-feed');
    const manageLinks = fn('ManageLinks', 'manage-links');
    const receiptKeys = fn('ReceiptKeys', 'receipt-keys');
    const steerDeliverable = fn('SteerDeliverable', 'steer-deliverable');
    const exportCycle = fn('ExportCycle', 'export-cycle');
    const coordinators = new Coordinators(this, 'Coordinators', {
      publicBaseUrl: props.publicBaseUrl,
      loginDomainPrefix: props.loginDomainPrefix ?? `${this.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-beheer`,
    });
    const dashboard = new HouseFunction(this, 'Dashboard', {
      entryName: 'dashboard',
      environment: { ...common, ...coordinators.signInEnv() },
      // It reads the NL Design System stylesheets at start: they go next to its bundle.
      packageFiles: { nlds: NLDS_FILES },
    }).bindTable(table);
    // Signing in touches no data: no table grant, only where the table is (the shared configuration).
    const signIn = new HouseFunction(this, 'SignIn', { entryName: 'sign-in', environment: { ...common, TABLE_NAME: table.tableName, ...coordinators.signInEnv() } });
    const mailEvents = fn('MailEvents', 'mail-events');
    mail.onEvents(mailEvents);
    keys.receiptKey.grant(receiptKeys, 'kms:GetPublicKey');
    keys.receiptKey.grant(dashboard, 'kms:GetPublicKey');

    mail.grantSend(act);
    mail.grantSend(linkPage);
    mail.grantSend(sendCalendars);
    mail.grantSend(manageLinks);
    mail.grantSend(dashboard);
    keys.grantLinks(dashboard, 'sign');
    keys.grantReceipts(dashboard);
    keys.grantLinks(manageLinks, 'sign');
    keys.grantLinks(sendCalendars, 'sign');
    keys.grantLinks(calendarFeed, 'sign-and-verify');
    keys.grantLinks(act, 'sign');
    keys.grantLinks(openCycle, 'sign');
    keys.grantLinks(linkPage, 'sign-and-verify');
    keys.grantReceipts(linkPage);
    // Reads uploaded PDFs, and signs the presigned POSTs with its own role (so it may put them).
    for (const uploader of [linkPage, dashboard]) {
      uploader.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [documents.arnForObjects('bijlagen/*')] }));
      Validations.of(uploader).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(documents.node.defaultChild as CfnElement)}.Arn>/bijlagen/*]`,
        reason: 'Uploads get a fresh key per form under bijlagen/; the function reads and presigns only there.',
      });
    }

    const deliverableMachineName = `${this.stackName}-deliverable`;
    const cycleMachineName = `${this.stackName}-cycle`;
    const workflows = new Workflows(this, 'Workflows', {
      plan,
      act,
      handOver,
      materialise,
      startDeliverable,
      sendCalendars,
      names: { deliverable: deliverableMachineName, cycle: cycleMachineName },
    });
    // The functions that start executions know both machines by ARN. Naming them explicitly avoids
    // a circular reference (a machine's ARN inside the function it invokes).
    const machineArn = (name: string) =>
      this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    for (const starter of [openCycle, startDeliverable, handOver, recordDate, linkPage, steerDeliverable, dashboard]) {
      starter.addEnvironment('DELIVERABLE_STATE_MACHINE_ARN', machineArn(deliverableMachineName));
      starter.addEnvironment('CYCLE_STATE_MACHINE_ARN', machineArn(cycleMachineName));
      starter.addToRolePolicy(
        new PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [machineArn(deliverableMachineName), machineArn(cycleMachineName)],
        }),
      );
    }

    const api = new Api(this, 'Api', {
      functions: { linkPage, calendarFeed, receiptKeys, cycleStatus, openCycle, recordDate, manageLinks, steerDeliverable, exportCycle, dashboard, signIn },
      coordinatorAuthorizer: coordinators.authorizer,
    });
    // Every function of the stack is watched: the list is found, not kept by hand.
    const all = this.node.findAll().filter((c): c is HouseFunction => c instanceof HouseFunction);
    new Monitoring(this, 'Monitoring', { stateMachines: [workflows.deliverable, workflows.cycle], functions: all });

    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint, description: 'Point the publicBaseUrl domain here.' });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'DashboardUrl', { value: publicUrl(props, '/beheer'), description: 'The coordinators\' dashboard.' });
    new CfnOutput(this, 'CoordinatorUserPool', { value: coordinators.userPool.userPoolId, description: 'Create coordinators here; group tenant:<id> per municipality.' });
    new CfnOutput(this, 'DeliverableStateMachine', { value: workflows.deliverable.stateMachineArn });
    new CfnOutput(this, 'CycleStateMachine', { value: workflows.cycle.stateMachineArn });
  }
}
