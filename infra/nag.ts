import { Validations, type App, type CfnElement, type Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/** Runs the AWS Solutions rules at synth and acknowledges, with a reason, each finding that does not apply. */
export function addNagChecks(app: App, stack: Stack): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  for (const ack of [
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The Lambda basic execution role is the AWS-managed minimum for writing logs.',
    },
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray PutTraceSegments and the log delivery actions of Step Functions take no resource.' },
    ...['Plan', 'Act', 'HandOver', 'Materialise', 'StartDeliverable', 'SendCalendars'].map((fn) => ({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(stack.node.findChild(fn).node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: 'A state machine may invoke every version of its own task functions (CDK grantInvoke).',
    })),
    {
      id: 'AwsSolutions-APIG4',
      reason: 'Link routes are public on purpose: the signed token in the path is the credential, verified by the function.',
    },
    { id: 'AwsSolutions-L1', reason: 'Functions pin Node.js 22, the runtime the project targets and tests on.' },
  ]) {
    Validations.of(stack).acknowledge(ack);
  }
}
