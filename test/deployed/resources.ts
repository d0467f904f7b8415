import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EccKeyPair } from '../../infra/local/aws/kms.js';
import { constructIdOf, resolve, type CfnTemplate, type Resolver, type Resource } from './template.js';

/** Where the stack was synthesized for (`aws://ACCOUNT/REGION` in the cloud assembly's manifest). */
export function environmentOf(outdir: string, stackName = 'Prestatiecyclus'): { account: string; region: string } {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { environment?: string }> };
  const [, account = '', region = ''] = /^aws:\/\/(\d{12})\/([\w-]+)$/.exec(manifest.artifacts[stackName]?.environment ?? '') ?? [];
  if (!account || !region) throw new Error(`the assembly names no concrete account and region for ${stackName}`);
  return { account, region };
}

/**
 * The stack's resources as they exist on the local parts: a name for each (the table, the bucket,
 * the KMS keys, the state machines, the functions) and the ARNs CloudFormation would give them.
 */
export class LocalResources implements Resolver {
  readonly tableName = `deployed-${randomUUID().slice(0, 8)}`;
  readonly keyIds = new Map<string, string>();
  readonly hmacKeys: Record<string, Buffer> = {};
  readonly eccKeys: Record<string, EccKeyPair> = {};

  constructor(
    readonly template: CfnTemplate,
    readonly account: string,
    readonly region: string,
  ) {
    for (const [id, r] of this.ofType('AWS::KMS::Key')) {
      this.keyIds.set(id, randomUUID());
      const arn = this.getAtt(id, 'Arn', r);
      if (r.Properties.KeySpec === 'HMAC_256') this.hmacKeys[arn] = randomBytes(32);
      if (r.Properties.KeySpec === 'ECC_NIST_P256') this.eccKeys[arn] = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    }
  }

  ofType(type: string): [string, Resource][] {
    return Object.entries(this.template.Resources).filter(([, r]) => r.Type === type);
  }

  /** A property of a resource with its intrinsic functions evaluated. */
  value(value: unknown): unknown {
    return resolve(value, this.template, this);
  }

  arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.region}:${this.account}:${resource}`;
  }

  ref(id: string, r: Resource): string {
    switch (r.Type) {
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table':
        return this.tableName;
      case 'AWS::S3::Bucket':
        return `documenten-${id.toLowerCase()}`;
      case 'AWS::KMS::Key':
        return this.keyIds.get(id)!;
      case 'AWS::StepFunctions::StateMachine':
        return this.getAtt(id, 'Arn', r);
      case 'AWS::Cognito::UserPool':
        return `${this.region}_lokaal`;
      case 'AWS::Cognito::UserPoolClient':
        return 'lokaal-dashboard';
      case 'AWS::Cognito::UserPoolDomain':
        return 'lokaal-beheer';
      case 'AWS::SNS::Topic':
        return this.arn('sns', id);
      default:
        return constructIdOf(r) || id;
    }
  }

  getAtt(id: string, attribute: string, r: Resource): string {
    if (attribute !== 'Arn') return `${id}.${attribute}`;
    switch (r.Type) {
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table':
        return this.arn('dynamodb', `table/${this.tableName}`);
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${this.ref(id, r)}`;
      case 'AWS::KMS::Key':
        return this.arn('kms', `key/${this.keyIds.get(id)}`);
      case 'AWS::Lambda::Function':
        return this.arn('lambda', `function:${constructIdOf(r)}`);
      case 'AWS::StepFunctions::StateMachine':
        return this.arn('states', `stateMachine:${String(this.value(r.Properties.StateMachineName))}`);
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${this.account}:role/${constructIdOf(r)}`;
      case 'AWS::Logs::LogGroup':
        return this.arn('logs', `log-group:/aws/${id}:*`);
      case 'AWS::Cognito::UserPool':
        return this.arn('cognito-idp', `userpool/${this.ref(id, r)}`);
      default:
        return this.arn(r.Type.split('::')[1]!.toLowerCase(), id);
    }
  }
}
