import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  stateMachines: StateMachine[];
  functions: IFunction[];
}

/** Alarms to one SNS topic: a failed deliverable execution means a party may miss its reminders. */
export class Monitoring extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { enforceSSL: true });
    const action = new SnsAction(this.topic);
    for (const machine of props.stateMachines) {
      new Alarm(this, `${machine.node.id}ExecutionsFailed`, {
        metric: machine.metricFailed({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `An execution of ${machine.node.id} failed: its reminders or opening stopped. Restart it after fixing the cause.`,
      }).addAlarmAction(action);
    }
    for (const fn of props.functions) {
      new Alarm(this, `${fn.node.id}Errors`, {
        metric: fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 3,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(action);
    }
  }
}
