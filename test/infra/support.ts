import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type ContextKey } from '../../infra/build-app.js';
import { noBundling, testContext } from './context.js';

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/**
 * The stack synthesized with the test context plus `extra`, through cdk-nag (a finding fails
 * synthesis), in a folder removed by `cleanUp`.
 */
export function synthesize(extra: Partial<Record<ContextKey, string>> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-test-'));
  const { app, stack } = buildApp({ outdir, context: { ...testContext, ...extra, ...noBundling } });
  app.synth();
  const template = Template.fromStack(stack);
  const json = template.toJSON() as { Resources: Record<string, CfnResource>; Outputs: Record<string, { Value: unknown; Description?: string }> };
  return { template, json, stack, cleanUp: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** The environment variables of the function whose construct id is `id`. */
export function environmentOf(json: { Resources: Record<string, CfnResource> }, id: string): Record<string, unknown> {
  const found = Object.entries(json.Resources).filter(([logicalId, r]) => r.Type === 'AWS::Lambda::Function' && new RegExp(`^${id}[0-9A-F]{8}$`).test(logicalId));
  if (found.length !== 1) throw new Error(`no single function ${id}`);
  return (found[0]![1].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

/** The IAM statements of the function whose construct id is `id`. */
export function statementsOf(json: { Resources: Record<string, CfnResource> }, id: string): { Action: string | string[]; Resource: unknown }[] {
  return Object.entries(json.Resources)
    .filter(([logicalId, r]) => r.Type === 'AWS::IAM::Policy' && logicalId.startsWith(`${id}ServiceRoleDefaultPolicy`))
    .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}

/** Whether any statement allows `action` on exactly `resource` (among others). */
export function allows(statements: { Action: string | string[]; Resource: unknown }[], action: string, resource: string): boolean {
  return statements.some((s) => ([] as string[]).concat(s.Action).includes(action) && ([] as unknown[]).concat(s.Resource).includes(resource));
}
