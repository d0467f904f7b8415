/**
 * Grants the season does not exercise, each with why it is there. A grant that is neither used nor
 * listed here fails the IAM test: remove it, or write down its reason.
 */
const reasons: [RegExp, string][] = [
  [/^\w+: managed:AWSLambdaBasicExecutionRole on \*$/, 'Lambda writes the function\'s logs with it; no code of ours calls CloudWatch Logs.'],
  [/^\w+: xray:(PutTraceSegments|PutTelemetryRecords) on \*$/, 'Tracing is active: the Lambda runtime sends the X-Ray segments; X-Ray takes no resource.'],
  [/^(Act|SendCalendars|LinkPage|ManageLinks|Dashboard): dynamodb:DeleteItem on /, 'Gives a notice claim back when SES refuses the mail (send-once); the season has no refusal, the fault tests do.'],
  [/^(Act|Reconcile): dynamodb:GetItem on /, 'Reads a notice claim another attempt holds (a retried Act, a claim left by a crash, to take it over after its lease); the fault tests cover it.'],
  [/^LinkPage: (kms:GenerateMac|dynamodb:ConditionCheckItem) on /, 'Signs and claims the new link a party asks for from an expired one (POST /l/{token}/nieuwe-link); the link lifecycle tests of the local tier cover it.'],
  [/^LinkPage: kms:GenerateMac on /, 'Signs the new link a party asks for from an expired one (POST /l/{token}/nieuwe-link); the link lifecycle tests of the local tier cover it.'],
  [/^LinkPage: dynamodb:GetItem on /, 'Reads which version a form already stored when it is posted again (a double click, a retried POST: the transaction refused it); the local tier posts one form 20 times at once.'],
  [/^LinkPage: states:StartExecution on /, 'Starts the deadlines that follow a submission (a relative deadline after this deliverable); the season tests of the local tier cover it.'],
  [/^Materialise: dynamodb:UpdateItem on /, 'Gives a cycle opened before template versions were kept the versions in use when it is opened again; the template store tests of the local tier cover it.'],
  [/^Materialise: dynamodb:Query on /, 'Reads an instance opened before when a cycle is opened again, to keep its dates; the opening tests of the local tier cover it.'],
  [/^(LinkPage|Dashboard): s3:ListBucket on arn:aws:s3:::[\w-]+$/, 'S3 decides by ListBucket whether a key that was never uploaded is NoSuchKey or AccessDenied; the page needs NoSuchKey to ask for the upload again. Limited to the prefix bijlagen/.'],
  [/^Reconcile: states:StartExecution on .*:stateMachine:[\w-]*[Cc]ycle/, 'Opens next year\'s cycle on the tenant\'s opening date (year-turn); the year-turn tests of the local tier cover it.'],
  [/^Reconcile: (dynamodb:PutItem|dynamodb:UpdateItem) on /, 'Completes a template move asked for by npm run beheer (opens, revises and closes instances, marks past reminders); the template move tests of the local tier cover it.'],
  [/^(SteerDeliverable|Administration|Reconcile): states:StopExecution on /, 'Stops the execution of an instance it closes (a waiver through the API; a template move dropping a deliverable); the season waives nothing, the stop-on-close tests of the workflow tier cover it.'],
  [/^RecordDate: states:StopExecution on /, 'Stops the execution of the revision a recorded date supersedes (a meeting date moved after its deadlines were set); the season records first dates only.'],
  [/^Dashboard: /, 'The dashboard\'s session is verified against Cognito\'s published keys, which the local parts cannot serve; the same handler is driven by the dashboard tests of the local tier.'],
];

export function reasonFor(grant: string): string | undefined {
  return reasons.find(([pattern]) => pattern.test(grant))?.[1];
}
