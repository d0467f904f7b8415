import type { RecordedCall } from '../../infra/local/aws/recorder.js';
import type { LocalResources } from './resources.js';
import { constructIdOf, type CfnTemplate } from './template.js';

/** One grant: an action on a resource pattern, from a statement of a function's policies. */
export interface Grant {
  action: string;
  resource: string;
}

type Statement = { Effect: string; Action: string | string[]; Resource: string | string[] };

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** IAM's wildcards: `*` any run of characters, `?` one; actions compare without case. */
function matches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/**
 * The grants of each function's role as synthesized: its policies' Allow statements, resolved to
 * the resources' ARNs. Managed policies are named, not expanded (AWSLambdaBasicExecutionRole: logs).
 */
export function grantsByFunction(template: CfnTemplate, resources: LocalResources): Map<string, Grant[]> {
  const byRole = new Map<string, Grant[]>();
  for (const [, policy] of resources.ofType('AWS::IAM::Policy')) {
    const document = resources.value(policy.Properties.PolicyDocument) as { Statement: Statement[] };
    const grants = document.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action).flatMap((action) => list(s.Resource).map((resource) => ({ action, resource }))));
    for (const role of policy.Properties.Roles as { Ref: string }[]) byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...grants]);
  }
  const byFunction = new Map<string, Grant[]>();
  for (const [, fn] of resources.ofType('AWS::Lambda::Function')) {
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const managed = ((template.Resources[role]!.Properties.ManagedPolicyArns ?? []) as unknown[]).map((arn) => ({ action: `managed:${String(resources.value(arn)).split('/').pop()}`, resource: '*' }));
    byFunction.set(constructIdOf(fn), [...(byRole.get(role) ?? []), ...managed]);
  }
  return byFunction;
}

export function allows(grants: readonly Grant[], call: Pick<RecordedCall, 'action' | 'resource'>): boolean {
  return grants.some((g) => matches(g.action, call.action, true) && matches(g.resource, call.resource));
}

/** The calls a function made that its policy does not allow: each would be AccessDenied in AWS. */
export function deniedCalls(grants: Map<string, Grant[]>, calls: readonly RecordedCall[]): string[] {
  return calls.filter((c) => !allows(grants.get(c.principal) ?? [], c)).map((c) => `${c.principal}: ${c.action} on ${c.resource}`);
}

/** The grants no recorded call of that function used: each must be removed or carry a reason. */
export function unusedGrants(grants: Map<string, Grant[]>, calls: readonly RecordedCall[]): string[] {
  return [...grants].flatMap(([fn, list]) =>
    list.filter((g) => !calls.some((c) => c.principal === fn && allows([g], c))).map((g) => `${fn}: ${g.action} on ${g.resource}`),
  );
}
