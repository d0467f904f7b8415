import { fileURLToPath } from 'node:url';
import { RemovalPolicy } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export const deliverableWorkflowFile = fileURLToPath(new URL('../../workflows/deliverable.asl.json', import.meta.url));

export interface WorkflowsProps {
  plan: IFunction;
  act: IFunction;
}

/**
 * The deliverable state machine, loaded from `workflows/deliverable.asl.json`, the very file the
 * local runtime runs; only the function ARNs are substituted.
 */
export class Workflows extends Construct {
  readonly deliverable: StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    this.deliverable = new StateMachine(this, 'Deliverable', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(deliverableWorkflowFile),
      definitionSubstitutions: {
        PlanFunctionArn: props.plan.functionArn,
        ActFunctionArn: props.act.functionArn,
      },
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
        level: LogLevel.ALL,
        // Execution data holds ids only, but keep it out of logs on principle.
        includeExecutionData: false,
      },
    });
    props.plan.grantInvoke(this.deliverable);
    props.act.grantInvoke(this.deliverable);
  }
}
