import { Aspects, Stack, Validations, type App, type IAspect } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { RouteAccess } from '../functions/http/routes.js';

/**
 * Why a route has no authorizer at API Gateway, per kind of access in the route table: the API
 * acknowledges AwsSolutions-APIG4 on each such route with its reason (routes with `api` access have
 * the JWT authorizer and need none).
 */
export const openRouteReasons: Record<Exclude<RouteAccess, 'api'>, string> = {
  public:
    'Public on purpose: a signed-link route carries its credential in the token, verified by the function; the others (receipt keys, stylesheet, sign-in) hold nothing to protect.',
  session:
    "A dashboard page: the coordinator's Cognito ID token is in the session cookie, which the function verifies on every request (the JWT authorizer reads only headers).",
};

/**
 * The actions that take no resource, so `Resource: *` is their only form, with the reason each is
 * granted. A policy is let off AwsSolutions-IAM5[Resource::*] only when every statement of it on `*`
 * grants these and nothing else: a wildcard anywhere else still fails synthesis.
 */
const resourcelessActions: Record<string, string> = Object.fromEntries([
  ...['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'].map((a) => [
    a,
    'X-Ray tracing of the functions and state machines: its actions take no resource.',
  ]),
  ...[
    'logs:CreateLogDelivery',
    'logs:GetLogDelivery',
    'logs:UpdateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
  ].map((a) => [a, 'Step Functions delivers its execution logs with the CloudWatch Logs delivery actions, which take no resource.']),
]);

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: unknown;
}

/** The statements of a policy that allow something on every resource. */
function onEveryResource(policy: CfnPolicy): Statement[] {
  const document = Stack.of(policy).resolve(policy.policyDocument) as { Statement?: Statement[] };
  return (document.Statement ?? []).filter((s) => s.Effect !== 'Deny' && ([] as unknown[]).concat(s.Resource ?? []).includes('*'));
}

/** Acknowledges IAM5 `Resource::*` on each policy whose statements on `*` are only resourceless actions, with their reasons. */
class ResourcelessActionsOnly implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnPolicy)) return;
    const actions = onEveryResource(node).flatMap((s) => ([] as string[]).concat(s.Action ?? []));
    if (!actions.length || !actions.every((a) => Object.hasOwn(resourcelessActions, a))) return;
    const reasons = [...new Set(actions.map((a) => resourcelessActions[a]!))];
    Validations.of(node).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: `${[...new Set(actions)].join(', ')}: ${reasons.join(' ')}` });
  }
}

/**
 * Runs the AWS Solutions rules at synth: unacknowledged findings fail synthesis. Each finding that
 * does not apply is acknowledged on the resource it is about, where that resource is made (the
 * functions' managed role and runtime in house-function.ts, the open routes in api.ts, the state
 * machines' invocations in workflows.ts, the upload prefix in documents.ts), and here the
 * statements on `*`, which are checked action by action.
 */
export function addNagChecks(app: App, stack: Stack): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  Aspects.of(stack).add(new ResourcelessActionsOnly());
}
