import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmedLogCodes, unalarmedLogCodes } from '../../infra/constructs/monitoring.js';
import { environmentOf, synthesize } from './support.js';

let built: ReturnType<typeof synthesize>;
beforeAll(() => {
  built = synthesize();
});
afterAll(() => built.cleanUp());

/** Every code the functions log at error or warn level, found in the source. */
function loggedCodes(): { error: Set<string>; warn: Set<string> } {
  const root = new URL('../../functions/', import.meta.url).pathname;
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const found = { error: new Set<string>(), warn: new Set<string>() };
  for (const file of files) {
    for (const m of readFileSync(join(root, file), 'utf8').matchAll(/logger\.(error|warn)\([^;]*?code: '([A-Z_]+)'/g)) found[m[1] as 'error' | 'warn'].add(m[2]!);
  }
  return found;
}

describe('operations: alarms to the operator', () => {
  it('mails every alarm to operatorEmail', () => {
    built.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'beheer@example.org' });
    const topics = built.template.findResources('AWS::SNS::Topic');
    const alarms = Object.values(built.json.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    for (const alarm of alarms) {
      const actions = alarm.Properties.AlarmActions as { Ref: string }[];
      expect(actions).toHaveLength(1);
      expect(Object.keys(topics)).toContain(actions[0]!.Ref);
    }
  });

  it('alarms on failed executions, function errors and the API\'s 5xx', () => {
    built.template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed' }, 2);
    built.template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Lambda', MetricName: 'Errors' }, 18);
    // Not Act's: it throws NoticesThrottled and NoticesDeferred to be retried while SES takes mail not yet.
    const act = Object.entries(built.json.Resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('Act'))![0];
    const errorAlarms = Object.values(built.json.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.MetricName === 'Errors');
    expect(JSON.stringify(errorAlarms)).not.toContain(`"${act}"`);
    expect(JSON.stringify(errorAlarms)).toContain('"Plan');
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/ApiGateway', MetricName: '5xx', Statistic: 'Sum', Threshold: 1 });
  });

  it('alarms on the SES bounce rate above 5 % and the complaint rate above 0.1 %', () => {
    for (const [metric, threshold] of [['Reputation.BounceRate', 0.05], ['Reputation.ComplaintRate', 0.001]] as const) {
      built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metric,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('alarms on every error code the functions log, and decides every warning code', () => {
    const { error, warn } = loggedCodes();
    expect(error.size).toBeGreaterThanOrEqual(3);
    for (const code of error) expect(Object.keys(alarmedLogCodes), `logger.error code ${code}`).toContain(code);
    for (const code of warn) expect([...Object.keys(alarmedLogCodes), ...Object.keys(unalarmedLogCodes)], `logger.warn code ${code}`).toContain(code);
  });

  it('counts the failure codes with a metric filter on each function\'s log group, and alarms on each code', () => {
    const filters = Object.values(built.json.Resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter');
    const logGroups = Object.entries(built.json.Resources).filter(([id, r]) => r.Type === 'AWS::Logs::LogGroup' && !id.startsWith('Api') && !id.startsWith('Workflows'));
    expect(filters).toHaveLength(19);
    expect(new Set(filters.map((f) => (f.Properties.LogGroupName as { Ref: string }).Ref))).toEqual(new Set(logGroups.map(([id]) => id)));
    for (const filter of filters) {
      for (const code of Object.keys(alarmedLogCodes)) expect(filter.Properties.FilterPattern).toContain(`$.code = "${code}"`);
      expect(filter.Properties.MetricTransformations).toEqual([
        expect.objectContaining({ MetricNamespace: 'prestatiecyclus/Prestatiecyclus', MetricName: 'FailureLogged', MetricValue: '1', Dimensions: [{ Key: 'code', Value: '$.code' }] }),
      ]);
    }
    for (const [code, description] of Object.entries(alarmedLogCodes)) {
      built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'prestatiecyclus/Prestatiecyclus',
        MetricName: 'FailureLogged',
        Dimensions: [{ Name: 'code', Value: code }],
        Threshold: 1,
        AlarmDescription: description,
      });
    }
  });
});

describe('mail a municipality\'s domain can vouch for', () => {
  it('sends with a custom MAIL FROM subdomain, bounce by default', () => {
    built.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.org',
      MailFromAttributes: { MailFromDomain: 'bounce.example.org', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    });
  });

  it('outputs every DNS record to publish: three DKIM CNAMEs, the MAIL FROM MX and SPF, and DMARC', () => {
    const outputs = built.json.Outputs;
    const text = (id: string) => JSON.stringify(outputs[id]?.Value);
    for (const n of [1, 2, 3]) {
      expect(text(`DnsDkim${n}`)).toContain(`DkimDNSTokenName${n}`);
      expect(text(`DnsDkim${n}`)).toContain('CNAME');
      expect(text(`DnsDkim${n}`)).toContain(`DkimDNSTokenValue${n}`);
    }
    expect(outputs.DnsMailFromMx?.Value).toBe('bounce.example.org MX 10 feedback-smtp.eu-west-1.amazonses.com');
    expect(outputs.DnsMailFromSpf?.Value).toBe('bounce.example.org TXT "v=spf1 include:amazonses.com ~all"');
    expect(outputs.DnsDmarc?.Value).toBe('_dmarc.example.org TXT "v=DMARC1; p=quarantine; rua=mailto:beheer@example.org"');
  });
});

describe('what a deletion of the stack keeps', () => {
  it('retains both state machines, as the table and the keys', () => {
    const machines = Object.values(built.json.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(2);
    for (const m of machines) expect([m.DeletionPolicy, m.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    for (const type of ['AWS::DynamoDB::GlobalTable', 'AWS::KMS::Key']) built.template.allResources(type, { DeletionPolicy: 'Retain' });
  });
});

describe('the stack without a custom domain or rotated keys', () => {
  it('keeps the execute-api address and outputs it', () => {
    built.template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: false });
    expect(built.json.Outputs.ApiUrl).toBeDefined();
  });

  it('signs links with kms-1 and publishes no retired receipt keys', () => {
    expect(JSON.stringify(environmentOf(built.json, 'LinkPage').LINK_KEYS)).toContain('{\\"current\\":\\"kms-1\\",\\"keys\\":{\\"kms-1\\":\\"');
    expect(environmentOf(built.json, 'ReceiptKeys').RETIRED_RECEIPT_KEY_IDS).toBe('');
    expect(JSON.stringify(built.json.Outputs.LinkKey?.Value)).toContain('kms-1=');
  });
});
