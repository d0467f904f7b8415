import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from './support.js';

const certificateArn = 'arn:aws:acm:eu-west-1:111122223333:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
let built: ReturnType<typeof synthesize>;
beforeAll(() => {
  built = synthesize({ domainName: 'prestatieafspraken.example.org', certificateArn });
});
afterAll(() => built.cleanUp());

describe('the API under a custom domain', () => {
  it('creates the regional domain name with the given certificate, TLS 1.2, mapped to the HTTP API', () => {
    built.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'prestatieafspraken.example.org',
      DomainNameConfigurations: [{ CertificateArn: certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    const [api] = Object.keys(built.template.findResources('AWS::ApiGatewayV2::Api'));
    built.template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiId: { Ref: api }, Stage: '$default' });
  });

  it('switches the execute-api address off, so the domain is the only way in', () => {
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    expect(built.json.Outputs.ApiUrl).toBeUndefined();
  });

  it('outputs the CNAME to publish and the hosted zone for an alias', () => {
    const cname = JSON.stringify(built.json.Outputs.DnsApiDomain?.Value);
    expect(cname).toContain('prestatieafspraken.example.org CNAME');
    expect(cname).toContain('RegionalDomainName');
    expect(JSON.stringify(built.json.Outputs.ApiDomainHostedZone?.Value)).toContain('RegionalHostedZoneId');
  });

  it('sends Cognito back to the domain', () => {
    built.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { CallbackURLs: ['https://prestatieafspraken.example.org/beheer/inloggen/terug'] });
  });
});
