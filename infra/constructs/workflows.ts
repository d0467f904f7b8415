import { fileURLToPath } from 'node:url';
import { RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export const deliverableWorkflowFile = fileURLToPath(new URL('../../workflows/deliverable.asl.json', import.meta.url));
export const cycleWorkflowFile = fileURLToPath(new URL('../../workflows/cycle.asl.json', import.meta.url));

export interface WorkflowsProps {
  plan: IFunction;
  act: IFunction;
  materialise: IFunction;
  startDeliverable: IFunction;
  sendCalendars: IFunction;
  /** Fixed names, so the functions that start executions can know the ARNs without a cycle. */
  names: { deliverable: string; cycle: string };
}

/**
 * The state machines, loaded from `workflows/*.asl.json`, the very files the local runtime runs;
 * only the function ARNs are substituted. Both are retained when the stack is deleted, as the table
 * is: their execution history is the record of which reminders were planned and sent.
 */
export class Workflows extends Construct {
  readonly deliverable: StateMachine;
  readonly cycle: StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    this.deliverable = this.machine('Deliverable', props.names.deliverable, deliverableWorkflowFile, {
      PlanFunctionArn: props.plan,
      ActFunctionArn: props.act,
    });
    this.cycle = this.machine('Cycle', props.names.cycle, cycleWorkflowFile, {
      MaterialiseFunctionArn: props.materialise,
      StartDeliverableFunctionArn: props.startDeliverable,
      SendCalendarsFunctionArn: props.sendCalendars,
    });
  }

  private machine(id: string, name: string, file: string, functions: Record<string, IFunction>): StateMachine {
    const machine = new StateMachine(this, id, {
      stateMachineName: name,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(file),
      definitionSubstitutions: Object.fromEntries(Object.entries(functions).map(([key, fn]) => [key, fn.functionArn])),
      tracingEnabled: true,
      removalPolicy: RemovalPolicy.RETAIN,
      logs: {
        destination: new LogGroup(this, `${id}Logs`, { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
        level: LogLevel.ALL,
        // Execution data holds ids only, but keep it out of logs on principle.
        includeExecutionData: false,
      },
    });
    for (const fn of Object.values(functions)) {
      fn.grantInvoke(machine);
      Validations.of(machine.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason: 'A state machine may invoke every version of its own task functions (CDK grantInvoke).',
      });
    }
    return machine;
  }
}
