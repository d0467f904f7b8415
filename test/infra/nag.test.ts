import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations, type Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnRoute, HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../functions/http/routes.js';
import { buildApp } from '../../infra/build-app.js';
import { HouseFunction } from '../../infra/constructs/house-function.js';
import { openRouteReasons } from '../../infra/nag.js';
import { noBundling, testContext } from './context.js';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function build() {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-nag-'));
  outdirs.push(outdir);
  return buildApp({ outdir, context: { ...testContext, ...noBundling } });
}

/** The acknowledgements recorded on one construct (not its ancestors), by rule id. */
function acknowledgedOn(c: IConstruct): Record<string, string> {
  return Object.assign(
    {},
    ...c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => Object.fromEntries(Object.entries(m.data as Record<string, string>).map(([id, reason]) => [id.replace(/^annotation::/i, ''), reason]))),
  ) as Record<string, string>;
}

/** What synthesis fails with (cdk-nag's report), or a failed expectation when it does not fail. */
function synthError(app: { synth(): unknown }): string {
  try {
    app.synth();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('synthesis passed');
}

const everywhere = (s: Stack) => [s, ...s.node.findAll()];

describe('cdk-nag acknowledgements are scoped to what they are about', () => {
  it('fails synthesis for a new function granted s3:* on every resource', () => {
    const { app, stack } = build();
    new HouseFunction(stack, 'Rogue', { entryName: 'plan' }).addToRolePolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    const message = synthError(app);
    expect(message).toContain("Acknowledge with 'AwsSolutions::AwsSolutions-IAM5[Resource::*]'");
    expect(message).toContain("Acknowledge with 'AwsSolutions::AwsSolutions-IAM5[Action::s3:*]'");
    // Only the new function is named: the rest of the stack stays green.
    expect(new Set(message.match(/Prestatiecyclus\/\S+/g))).toEqual(new Set(['Prestatiecyclus/Rogue/ServiceRole/DefaultPolicy/Resource']));
  });

  it('fails synthesis for a wildcard added to an existing function, next to its acknowledged X-Ray grant', () => {
    const { app, stack } = build();
    (stack.node.findChild('Plan') as HouseFunction).addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    const message = synthError(app);
    expect(message).toContain("Acknowledge with 'AwsSolutions::AwsSolutions-IAM5[Resource::*]'");
    expect(new Set(message.match(/Prestatiecyclus\/\S+/g))).toEqual(new Set(['Prestatiecyclus/Plan/ServiceRole/DefaultPolicy/Resource']));
  });

  it('acknowledges nothing on the app or the stack as a whole, and Resource::* only on policies whose statements on * are X-Ray or log delivery', () => {
    const { app, stack } = build();
    app.synth();
    expect(acknowledgedOn(app)).toEqual({});
    expect(acknowledgedOn(stack)).toEqual({});
    const wildcard = everywhere(stack).filter((c) => Object.keys(acknowledgedOn(c)).some((id) => id.includes('IAM5[Resource::*]')));
    // 19 function roles and the two state machine roles.
    expect(wildcard.length).toBe(21);
    for (const c of wildcard) {
      expect(c.node.path).toMatch(/(ServiceRole|Role)\/DefaultPolicy\/Resource$/);
      expect(Object.values(acknowledgedOn(c)).join(' ')).toMatch(/^xray:|logs:CreateLogDelivery/);
    }
  });

  it('acknowledges APIG4 on each route without an authorizer, with the reason of its access kind from the route table', () => {
    const { stack } = build();
    const routes = everywhere(stack).filter((c): c is HttpRoute => c instanceof HttpRoute);
    expect(routes).toHaveLength(httpRoutes.length);
    const byKey = new Map(routes.map((r) => [(r.node.defaultChild as CfnRoute).routeKey, acknowledgedOn(r)['AwsSolutions-APIG4']]));
    for (const route of httpRoutes) {
      const reason = byKey.get(`${route.method} ${route.path}`);
      if (route.access === 'api') expect(reason, route.path).toBeUndefined();
      else expect(reason, route.path).toBe(openRouteReasons[route.access]);
    }
  });
});
