import { describe, expect, it } from 'vitest';
import { buildApp, contextKeys, DeployContextError, euRegions } from '../../infra/build-app.js';
import { noBundling, testContext } from './context.js';

const required = ['region', 'publicBaseUrl', 'mailFromDomain', 'mailFrom', 'operatorEmail'] as const;

/** The message buildApp refuses a context with (it throws before any construct exists). */
function refusal(context: Record<string, unknown>): string {
  try {
    buildApp({ context: { ...noBundling, ...context } });
  } catch (error) {
    expect(error).toBeInstanceOf(DeployContextError);
    return (error as Error).message;
  }
  throw new Error('the context was accepted');
}

describe('the deployment context', () => {
  it('has no fallbacks: without context it names every required key and shows a whole command', () => {
    const message = refusal({});
    for (const key of required) expect(message).toContain(`- ${key}: missing`);
    expect(message).toContain(
      "npx cdk deploy -c region=eu-west-1 -c publicBaseUrl=https://prestatieafspraken.leusden.nl -c mailFromDomain=leusden.nl -c 'mailFrom=Prestatieafspraken Leusden <prestatieafspraken@leusden.nl>' -c operatorEmail=beheer@leusden.nl",
    );
    expect(message).not.toContain('example.org');
    expect(Object.entries(contextKeys).filter(([, k]) => k.required).map(([key]) => key).sort()).toEqual([...required].sort());
  });

  it('names only what is missing', () => {
    const { operatorEmail: _, ...rest } = testContext;
    const message = refusal(rest);
    expect(message).toContain('- operatorEmail: missing');
    expect(message.match(/^ {2}- /gm)).toHaveLength(1);
  });

  it('refuses a region outside the EU, London and Zurich included', () => {
    for (const region of ['us-east-1', 'eu-west-2', 'eu-central-2']) {
      expect(refusal({ ...testContext, region })).toContain(`region: ${region} is not an EU region; use one of ${euRegions.join(', ')}`);
    }
  });

  it('refuses a base URL that is not https or has a path, a sender on another domain and an operator that is no address', () => {
    const message = refusal({
      ...testContext,
      publicBaseUrl: 'http://prestatieafspraken.example.org/app',
      mailFrom: 'Prestatieafspraken <noreply@elders.example>',
      operatorEmail: 'beheer',
    });
    expect(message).toContain('publicBaseUrl: http://prestatieafspraken.example.org/app is not an https address without a path');
    expect(message).toContain('mailFrom: noreply@elders.example is not on example.org');
    expect(message).toContain('operatorEmail: beheer is not an e-mail address');
  });

  it('refuses a half custom domain, a certificate of another region, and a base URL other than the domain', () => {
    expect(refusal({ ...testContext, domainName: 'prestatieafspraken.example.org' })).toContain('certificateArn: a custom domain needs both');
    const message = refusal({
      ...testContext,
      domainName: 'api.example.org',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
    });
    expect(message).toContain('certificateArn: the certificate is in us-east-1; a regional API domain needs one in eu-west-1');
    expect(message).toContain('publicBaseUrl: must be https://api.example.org when the API has that custom domain');
  });

  it('refuses retired keys that are no KMS key ARNs, and a retired link key with the current id', () => {
    const message = refusal({
      ...testContext,
      retiredLinkKeys: 'kms-1=arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab,kms-0=not-an-arn',
      retiredReceiptKeyArns: 'alias/old',
    });
    expect(message).toContain('retiredLinkKeys: kms-1 is the current link key');
    expect(message).toContain('retiredLinkKeys: kms-0=not-an-arn is not <key id>=<KMS key ARN>');
    expect(message).toContain('retiredReceiptKeyArns: alias/old is not a KMS key ARN');
  });

  it('puts the stack in the region of the context, whatever CDK_DEFAULT_REGION says', () => {
    const before = process.env.CDK_DEFAULT_REGION;
    process.env.CDK_DEFAULT_REGION = 'us-east-1';
    try {
      const { stack } = buildApp({ context: { ...noBundling, ...testContext, region: 'eu-central-1' } });
      expect(stack.region).toBe('eu-central-1');
    } finally {
      if (before === undefined) delete process.env.CDK_DEFAULT_REGION;
      else process.env.CDK_DEFAULT_REGION = before;
    }
  });
});
