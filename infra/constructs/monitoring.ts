import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * The log codes that mean someone must act: every code the functions log at error level, and the
 * warning that a party is missed. Each gets an alarm saying what happened and what to do.
 */
export const alarmedLogCodes = {
  UNHANDLED: 'A request ended in a 500 ("Er ging iets mis"): nothing was stored. Find the requestId in the function\'s logs (code UNHANDLED).',
  FOLLOWERS_FAILED: 'A submission was stored, but the deliverables due after it got no deadline. Find the instanceId in the logs (code FOLLOWERS_FAILED).',
  FORWARD_MISSING: 'The outbox named a version to forward that is not stored. Find the instanceId and version in the logs (code FORWARD_MISSING).',
  RECEIPT_MAIL_FAILED: 'A submission was stored and its receipt shown, but the receipt mail was not sent. Find the instanceId in the logs (code RECEIPT_MAIL_FAILED).',
  NO_RECIPIENTS: 'A reminder found no active contact of the responsible party, so nobody was mailed: add or reactivate a contact (Partijen en contacten).',
  RECONCILE_GAVE_UP: 'An instance has had 50 executions without finishing its notices; the reconciler no longer restarts it. Find the instanceId in the Reconcile logs.',
  NOTICE_REFUSED: 'SES refused an address for good: that contact gets no mail until the address is corrected (Partijen en contacten shows it).',
  NOTICE_DUPLICATE: 'A notice was probably mailed twice: an attempt that had sent it lost its claim to another after the lease. Rare; look for crashes of Act around that time.',
} as const;

/** The warning codes that are not alarmed, and why. */
export const unalarmedLogCodes = {
  MAIL_EVENT_IGNORED: 'An SNS message that is no SES bounce or complaint of ours; the bounce and complaint rates are alarmed instead.',
  NOTICE_DEFERRED: 'SES failed for now (throttling, an outage): the notice is retried with backoff for as long as it takes; a long outage shows as SES errors and late notices, not as a lost one.',
  CLAIM_TAKEN_OVER: 'A crashed attempt left a claim; the next attempt took it over after the lease. The possible duplicate is alarmed as NOTICE_DUPLICATE when it happened.',
  FORWARD_DEFERRED: 'A stored version could not be forwarded right away (SES or DynamoDB failed for now): it stays in the outbox and the hourly reconciler forwards it, each recipient once.',
  EXECUTION_RESTARTED: 'The reconciler restarted an execution (counted in the ExecutionsRestarted metric and audited); the failed execution is alarmed by ExecutionsFailed.',
  STOP_FAILED: 'The execution of an instance just closed could not be stopped (Step Functions failed for now); the close is stored, and the execution sends nothing more: each Act reads the instance closed and does nothing.',
} as const;

export interface MonitoringProps {
  stateMachines: StateMachine[];
  functions: LambdaFunction[];
  /**
   * Functions that throw on purpose to ask their workflow to retry later (Act's NoticesThrottled and
   * NoticesDeferred while SES takes mail not yet): their Errors metric counts those too, so it gets
   * no alarm; a real failure ends their execution after its retries and ExecutionsFailed alarms.
   */
  retrySignalling: LambdaFunction[];
  httpApi: IHttpApi;
  /** Gets every alarm by mail (the subscription must be confirmed once, from the first mail). */
  operatorEmail: string;
}

interface AlarmOptions {
  threshold: number;
  description: string;
  /** @default greater than or equal to the threshold */
  comparison?: ComparisonOperator;
}

/**
 * Alarms to one SNS topic that mails the operator: a failed execution (a party may miss its
 * reminders), function errors, server errors at the API, the SES bounce and complaint rates (SES
 * reviews an account above 5 % bounces or 0.1 % complaints), and each failure code in the logs.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.operatorEmail));
    this.action = new SnsAction(this.topic);
    const fiveMinutes = { period: Duration.minutes(5) };

    for (const machine of props.stateMachines) {
      this.alarm(`${machine.node.id}ExecutionsFailed`, machine.metricFailed(fiveMinutes), {
        threshold: 1,
        description: `An execution of ${machine.node.id} failed: its reminders or opening stopped. Restart it after fixing the cause.`,
      });
    }
    for (const fn of props.functions.filter((f) => !props.retrySignalling.includes(f))) {
      this.alarm(`${fn.node.id}Errors`, fn.metricErrors(fiveMinutes), { threshold: 3, description: `${fn.node.id} failed three times or more in five minutes.` });
    }
    this.alarm('ApiServerErrors', props.httpApi.metricServerError({ ...fiveMinutes, statistic: 'Sum' }), {
      threshold: 1,
      description: 'The API answered with a 5xx: a party or coordinator got an error page.',
    });
    const ses = (metricName: string) => new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    this.alarm('MailBounceRate', ses('Reputation.BounceRate'), {
      threshold: 0.05,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'More than 5 % of mail bounces: SES reviews the account and may stop sending. Correct the contacts the dashboard marks.',
    });
    this.alarm('MailComplaintRate', ses('Reputation.ComplaintRate'), {
      threshold: 0.001,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'More than 0.1 % of mail is reported as spam: SES reviews the account and may stop sending.',
    });

    // One filter per function's log group counts every alarmed code, the code as dimension; one
    // alarm per code sums it over all functions, wherever the code moves.
    const namespace = `prestatiecyclus/${Stack.of(this).stackName}`;
    const codes = Object.keys(alarmedLogCodes) as (keyof typeof alarmedLogCodes)[];
    for (const fn of props.functions) {
      new MetricFilter(this, `${fn.node.id}FailureCodes`, {
        logGroup: fn.logGroup,
        filterPattern: FilterPattern.any(...codes.map((code) => FilterPattern.stringValue('$.code', '=', code))),
        metricNamespace: namespace,
        metricName: 'FailureLogged',
        metricValue: '1',
        dimensions: { code: '$.code' },
      });
    }
    for (const code of codes) {
      const metric = new Metric({ namespace, metricName: 'FailureLogged', dimensionsMap: { code }, statistic: 'Sum', ...fiveMinutes });
      this.alarm(`Logged${code}`, metric, { threshold: 1, description: alarmedLogCodes[code] });
    }
  }

  /** An alarm that mails the operator; no data (nothing happened) is not a breach. */
  private alarm(id: string, metric: IMetric, options: AlarmOptions): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
