import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.js';
import { HouseFunction } from './constructs/house-function.js';
import { Keys } from './constructs/keys.js';
import { Mail } from './constructs/mail.js';
import { Monitoring } from './constructs/monitoring.js';
import { Storage } from './constructs/storage.js';
import { Workflows } from './constructs/workflows.js';

export interface PrestatiecyclusStackProps extends StackProps {
  /** Where signed links point (the API's custom domain); links never use a request's Host header. */
  publicBaseUrl: string;
  /** The domain SES sends from. */
  mailFromDomain: string;
  /** The sender, on that domain. */
  mailFrom: string;
  /** Days a link stays valid after its deadline. @default 60 */
  linkGraceDays?: number;
}

/** prestatiecyclus in one stack, composed of one construct per concern. */
export class PrestatiecyclusStack extends Stack {
  constructor(scope: Construct, id: string, props: PrestatiecyclusStackProps) {
    super(scope, id, props);
    const { table } = new Storage(this, 'Storage');
    const keys = new Keys(this, 'Keys');
    const mail = new Mail(this, 'Mail', { fromDomain: props.mailFromDomain, from: props.mailFrom });
    const common = {
      PUBLIC_BASE_URL: props.publicBaseUrl,
      LINK_KEYS: keys.linkKeysEnv(),
      RECEIPT_KEY_ID: keys.receiptKey.keyArn,
      LINK_GRACE_DAYS: String(props.linkGraceDays ?? 60),
    };
    const fn = (id: string, entryName: string) => new HouseFunction(this, id, { entryName, environment: common }).bindTable(table);

    const plan = fn('Plan', 'plan');
    const act = fn('Act', 'act');
    const linkPage = fn('LinkPage', 'link-page');
    const cycleStatus = fn('CycleStatus', 'cycle-status');
    const openCycle = fn('OpenCycle', 'open-cycle');

    mail.grantSend(act);
    mail.grantSend(linkPage);
    keys.grantLinks(act, 'sign');
    keys.grantLinks(openCycle, 'sign');
    keys.grantLinks(linkPage, 'sign-and-verify');
    keys.grantReceipts(linkPage);

    const workflows = new Workflows(this, 'Workflows', { plan, act });
    openCycle.addEnvironment('STATE_MACHINE_ARN', workflows.deliverable.stateMachineArn);
    workflows.deliverable.grantStartExecution(openCycle);

    const api = new Api(this, 'Api', { functions: { linkPage, cycleStatus, openCycle } });
    new Monitoring(this, 'Monitoring', { stateMachine: workflows.deliverable, functions: [plan, act, linkPage, cycleStatus, openCycle] });

    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint, description: 'Point the publicBaseUrl domain here.' });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'DeliverableStateMachine', { value: workflows.deliverable.stateMachineArn });
  }
}
