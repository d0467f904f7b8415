import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../functions/http/routes.js';
import { buildApp } from '../../infra/build-app.js';
import { cycleWorkflowFile, deliverableWorkflowFile } from '../../infra/constructs/workflows.js';
import { noBundling, testContext } from './context.js';

let template: Template;
const outdir = mkdtempSync(join(tmpdir(), 'cdk-test-'));

beforeAll(() => {
  // Bundling is skipped here (it is what `cdk synth` does); every other construct is the real one.
  const { app, stack } = buildApp({ outdir, context: { ...testContext, ...noBundling } });
  app.synth(); // runs the cdk-nag AWS Solutions checks: unacknowledged findings fail synthesis
  template = Template.fromStack(stack);
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the CDK stack', () => {
  it('is synthesized in the region of the context: its region-bearing ARNs name eu-west-1', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    // The SES identity and configuration set a sender may use, and the machines a function starts.
    expect(policies).toMatch(/":ses:eu-west-1:",\{"Ref":"AWS::AccountId"\},":identity\/example.org"/);
    expect(policies).toMatch(/":states:eu-west-1:",\{"Ref":"AWS::AccountId"\},":stateMachine:Prestatiecyclus-deliverable"/);
    expect(JSON.stringify(template.toJSON())).not.toContain('"Ref":"AWS::Region"');
  });

  it('has one on-demand table with the shared keys, point-in-time recovery and deletion protection', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
    });
  });

  it('builds both state machines from workflows/*.asl.json, substituting only the function ARNs', () => {
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as {
      Properties: { DefinitionS3Location: { Key: string }; DefinitionSubstitutions: Record<string, unknown> };
    }[];
    expect(machines).toHaveLength(2);
    const byFile = new Map(
      machines.map((m) => [readFileSync(join(outdir, `asset.${m.Properties.DefinitionS3Location.Key}`), 'utf8'), m.Properties]),
    );
    // Each definition is uploaded as an asset: the very bytes of the workflow file.
    const deliverable = byFile.get(readFileSync(deliverableWorkflowFile, 'utf8'));
    const cycle = byFile.get(readFileSync(cycleWorkflowFile, 'utf8'));
    expect(Object.keys(deliverable!.DefinitionSubstitutions).sort()).toEqual(['ActFunctionArn', 'PlanFunctionArn']);
    expect(Object.keys(cycle!.DefinitionSubstitutions).sort()).toEqual(['MaterialiseFunctionArn', 'SendCalendarsFunctionArn', 'StartDeliverableFunctionArn']);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: false }),
    });
  });

  it('runs every function on Node.js 22, arm64', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: Record<string, unknown> }[];
    expect(functions).toHaveLength(19);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('exposes the shared routes: signed-link routes public, coordinator routes behind the Cognito JWT authorizer', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as {
      Properties: { RouteKey: string; AuthorizationType?: string };
    }[];
    const byKey = Object.fromEntries(routes.map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType ?? 'NONE']));
    expect(byKey).toEqual(
      Object.fromEntries(httpRoutes.map((r) => [`${r.method} ${r.path}`, r.access === 'api' ? 'JWT' : 'NONE'])),
    );
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'], // an authenticator app for every coordinator, no SMS
    });
  });

  it('creates the administrators\' group beheerder in the coordinators\' pool, kept when the stack goes', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 1);
    template.hasResource('AWS::Cognito::UserPoolGroup', {
      Properties: { GroupName: 'beheerder', UserPoolId: { Ref: Match.stringLikeRegexp('^CoordinatorsUserPool') } },
      DeletionPolicy: 'Retain',
    });
  });

  it('keeps documents in a private, encrypted, versioned bucket that only takes TLS', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.objectLike({ ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } })] }),
    });
  });

  it('keeps signing keys in KMS and alarms on failed executions', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed' });
  });

  it('signs coordinators in to the dashboard through Cognito\'s managed login: code flow with PKCE, no client secret, back to /beheer/inloggen/terug', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayWith(['openid', 'email']),
      CallbackURLs: ['https://prestatieafspraken.example.org/beheer/inloggen/terug'],
      GenerateSecret: false,
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: { Environment: { Variables: Record<string, unknown> } } }[];
    const withSignIn = functions.filter((f) => 'COGNITO_CLIENT_ID' in f.Properties.Environment.Variables);
    expect(withSignIn).toHaveLength(2); // the dashboard and the sign-in
    // No function can be configured into the local development sign-in: there is no variable for it.
    for (const fn of functions) expect(Object.keys(fn.Properties.Environment.Variables).some((k) => /DEV|LOKAAL|SECRET/i.test(k))).toBe(false);
  });

  it('gives the sign-in function no access to the table', () => {
    const roles = template.findResources('AWS::IAM::Policy');
    const signInPolicies = Object.entries(roles).filter(([id]) => id.startsWith('SignIn'));
    expect(signInPolicies.length).toBeGreaterThan(0);
    expect(JSON.stringify(signInPolicies)).not.toContain('dynamodb:');
  });

  it('publishes bounces and complaints to an encrypted topic the mail-events function reads', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ Enabled: true, MatchingEventTypes: ['bounce', 'complaint'] }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain('ses:SendRawEmail');
  });
});
