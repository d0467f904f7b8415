import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, Resource>;
}

/** How a Ref or GetAtt of a resource reads where the stack is deployed (locally: on the local parts). */
export interface Resolver {
  ref(logicalId: string, resource: Resource): string;
  getAtt(logicalId: string, attribute: string, resource: Resource): string;
  region: string;
  account: string;
}

/**
 * CloudFormation's intrinsic functions, evaluated as CloudFormation would at deploy time, for the
 * values the functions and state machines are given (environments, substitutions, policies).
 */
export function resolve(value: unknown, template: CfnTemplate, r: Resolver): unknown {
  const again = (v: unknown) => resolve(v, template, r);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map(again);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [[fn, arg]] = entries as [[string, unknown]];
    if (fn === 'Ref') return refOf(arg as string, template, r);
    if (fn === 'Fn::GetAtt') {
      const [id, attribute] = (Array.isArray(arg) ? arg : String(arg).split('.')) as [string, string];
      return r.getAtt(id, attribute, resourceOf(id, template));
    }
    if (fn === 'Fn::Join') {
      const [separator, parts] = arg as [string, unknown[]];
      return (again(parts) as unknown[]).join(separator);
    }
    if (fn === 'Fn::Select') {
      const [index, list] = arg as [number, unknown];
      return (again(list) as unknown[])[Number(again(index))];
    }
    if (fn === 'Fn::Split') {
      const [separator, text] = arg as [string, unknown];
      return String(again(text)).split(separator);
    }
    if (fn === 'Fn::Sub') {
      const [text, vars] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, unknown>];
      return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
        if (Object.hasOwn(vars, name)) return String(again(vars[name]));
        const [id, attribute] = name.split('.');
        return attribute ? r.getAtt(id!, attribute, resourceOf(id!, template)) : refOf(id!, template, r);
      });
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, again(v)]));
}

function refOf(id: string, template: CfnTemplate, r: Resolver): string {
  if (id === 'AWS::Region') return r.region;
  if (id === 'AWS::AccountId') return r.account;
  if (id === 'AWS::Partition') return 'aws';
  if (id === 'AWS::URLSuffix') return 'amazonaws.com';
  return r.ref(id, resourceOf(id, template));
}

function resourceOf(id: string, template: CfnTemplate): Resource {
  const resource = template.Resources[id];
  if (!resource) throw new Error(`the template has no resource ${id}`);
  return resource;
}

/** The stack's template and the folder its assets are in, as `cdk synth` wrote them. */
export function readAssembly(outdir: string, stackName = 'Prestatiecyclus'): CfnTemplate {
  return JSON.parse(readFileSync(join(outdir, `${stackName}.template.json`), 'utf8')) as CfnTemplate;
}

export interface SynthesizedFunction {
  logicalId: string;
  /** The bundle's folder in the cloud assembly. */
  assetDir: string;
  /** `index.handler`. */
  handler: string;
  /** The environment as the template gives it, intrinsic functions not yet resolved. */
  environment: Record<string, unknown>;
  roleLogicalId: string;
}

/** Every Lambda function of the template with its bundle, handler, environment and role. */
export function functionsOf(template: CfnTemplate, outdir: string): SynthesizedFunction[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([logicalId, r]) => {
      const role = r.Properties.Role as { 'Fn::GetAtt': [string, string] };
      return {
        logicalId,
        assetDir: join(outdir, String(r.Metadata?.['aws:asset:path'])),
        handler: String(r.Properties.Handler),
        environment: ((r.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}),
        roleLogicalId: role['Fn::GetAtt'][0],
      };
    });
}

/** The construct id a logical id was made from (`PlanDAF4E53A` → `Plan`), from the resource's CDK path. */
export function constructIdOf(resource: Resource): string {
  const path = String(resource.Metadata?.['aws:cdk:path'] ?? '');
  return path.split('/').at(-2) ?? path;
}
