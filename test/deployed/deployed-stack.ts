import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { jwtVerify, SignJWT } from 'jose';
import type { SimulatedClock } from '../../functions/adapters/clock.js';
import { documentClient } from '../../functions/adapters/deps.js';
import { Store } from '../../functions/adapters/store/index.js';
import { startKms } from '../../infra/local/aws/kms.js';
import { startRecordingProxy } from '../../infra/local/aws/proxy.js';
import { CallRecorder } from '../../infra/local/aws/recorder.js';
import { startS3 } from '../../infra/local/aws/s3.js';
import { startSfn } from '../../infra/local/aws/sfn.js';
import { ensureTable, localCredentials, localRegion } from '../../infra/local/dynamodb.js';
import { startGateway, type GatewayRoute } from '../../infra/local/gateway.js';
import { startSesLocal } from '../../infra/local/ses.js';
import { LocalStepFunctions } from '../../infra/local/step-functions.js';
import { allows, grantsByFunction } from './iam.js';
import { environmentOf, LocalResources } from './resources.js';
import { startSandbox, type Sandbox } from './sandboxes.js';
import { constructIdOf, functionsOf, readAssembly } from './template.js';

const root = new URL('../../', import.meta.url).pathname;

/** The synthesized stack running on the local parts: every function its own bundle, environment and identity. */
export async function startDeployedStack(options: { outdir: string; dynamoEndpoint: string; clock: SimulatedClock }) {
  const { outdir, clock } = options;
  const template = readAssembly(outdir);
  const { account, region } = environmentOf(outdir);
  const resources = new LocalResources(template, account, region);
  const recorder = new CallRecorder({ account, region });
  const stoppers: (() => Promise<void>)[] = [];

  // The local parts, each behind the recorder: every AWS call a function makes is logged with its identity.
  await ensureTable(options.dynamoEndpoint, resources.tableName);
  const dynamodb = await startRecordingProxy({ target: options.dynamoEndpoint, service: 'dynamodb', recorder });
  const sesLocal = await startSesLocal();
  let sesDown = false;
  const ses = await startRecordingProxy({
    target: sesLocal.endpoint,
    service: 'ses',
    recorder,
    fault: () => (sesDown ? { status: 503, code: 'ServiceUnavailable', message: 'Service Unavailable' } : undefined),
  });
  const kms = await startKms({ recorder, hmac: resources.hmacKeys, ecc: resources.eccKeys });
  const buckets = resources.ofType('AWS::S3::Bucket').map(([id, r]) => resources.ref(id, r));
  // Without s3:ListBucket, S3 answers a missing key with AccessDenied, not NoSuchKey: as the policy says.
  const grants = grantsByFunction(template, resources);
  const mayList = (principal: string, bucket: string) => allows(grants.get(principal) ?? [], { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}` });
  const s3 = await startS3({ recorder, buckets, now: () => clock.now(), mayList });
  const runtime = new LocalStepFunctions(clock);
  const machines = resources.ofType('AWS::StepFunctions::StateMachine');
  const sfn = await startSfn({
    recorder,
    stateMachines: machines.map(([id, r]) => resources.getAtt(id, 'Arn', r)),
    start: (arn, name, input) => {
      runtime.start(arn, name, input as object);
      return {
        result: runtime.ended(name).then((e) => (e.status === 'SUCCEEDED' ? e.output : Promise.reject(new Error(e.error)))),
        // StopExecution (a closed instance's) ends it in the runtime too, as in AWS.
        stop: () => runtime.abort(name),
      };
    },
  });
  stoppers.push(dynamodb.close, ses.close, sesLocal.stop, kms.close, s3.close, sfn.close);

  // Lambda's runtime gives a bundle only the AWS SDK beside it.
  if (!existsSync(join(outdir, 'node_modules'))) {
    mkdirSync(join(outdir, 'node_modules'));
    symlinkSync(join(root, 'node_modules/@aws-sdk'), join(outdir, 'node_modules/@aws-sdk'));
  }
  const sandboxes = new Map<string, Sandbox>();
  for (const fn of functionsOf(template, outdir)) {
    const name = constructIdOf(template.Resources[fn.logicalId]!);
    const env: Record<string, string> = {
      ...(resources.value(fn.environment) as Record<string, string>),
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: fn.assetDir,
      // The function's identity: the local endpoints record each call under this key id.
      AWS_ACCESS_KEY_ID: name,
      AWS_SECRET_ACCESS_KEY: 'lokaal',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_ENDPOINT_URL_SES: ses.url,
      AWS_ENDPOINT_URL_KMS: kms.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_SFN: sfn.url,
    };
    const timeoutMs = Number(template.Resources[fn.logicalId]!.Properties.Timeout ?? 3) * 1000;
    const sandbox = startSandbox({ name, assetDir: fn.assetDir, env, clock, timeoutMs });
    sandboxes.set(resources.getAtt(fn.logicalId, 'Arn', template.Resources[fn.logicalId]!), sandbox);
    sandboxes.set(name, sandbox);
    stoppers.push(sandbox.close);
  }
  const byArn = (arn: string) => {
    const sandbox = sandboxes.get(arn);
    if (!sandbox) throw new Error(`no function ${arn}`);
    return sandbox;
  };

  // The state machines exactly as synthesized: the uploaded definition with its substitutions.
  for (const [id, r] of machines) {
    const location = r.Properties.DefinitionS3Location as { Key: string } | undefined;
    let text = location ? readFileSync(join(outdir, `asset.${location.Key}`), 'utf8') : String(resources.value(r.Properties.DefinitionString));
    for (const [key, value] of Object.entries((resources.value(r.Properties.DefinitionSubstitutions ?? {}) as Record<string, string>))) {
      text = text.replaceAll(`\${${key}}`, value);
    }
    runtime.register({ name: constructIdOf(r), arn: resources.getAtt(id, 'Arn', r), definition: JSON.parse(text), task: (_state, arn) => (input) => byArn(arn).invoke(input) });
  }

  // The HTTP API as synthesized: its routes, their integrations, and its JWT authorizer.
  const signer = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const [authorizer] = resources.ofType('AWS::ApiGatewayV2::Authorizer').map(([, r]) => resources.value(r.Properties.JwtConfiguration) as { Issuer: string; Audience: string[] });
  const integrations = Object.fromEntries(resources.ofType('AWS::ApiGatewayV2::Integration').map(([id, r]) => [id, resources.value(r.Properties.IntegrationUri) as string]));
  const routes: GatewayRoute[] = resources.ofType('AWS::ApiGatewayV2::Route').map(([, r]) => {
    const [method, path] = String(r.Properties.RouteKey).split(' ') as [string, string];
    const integration = String((r.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1].Ref);
    return { method, path, fn: integrations[integration]!, jwt: r.Properties.AuthorizationType === 'JWT' };
  });
  const gateway = await startGateway(
    Object.fromEntries(routes.map((route) => [route.fn, async (event) => (await byArn(route.fn).invoke(event)) as never])),
    {
      routes,
      authorize: async (header) => {
        if (!authorizer || !header?.startsWith('Bearer ')) return undefined;
        try {
          const { payload } = await jwtVerify(header.slice(7), signer.publicKey, { issuer: authorizer.Issuer, audience: authorizer.Audience, currentDate: clock.now() });
          return payload as Record<string, unknown>;
        } catch {
          return undefined;
        }
      },
    },
  );
  stoppers.push(() => gateway.stop());

  return {
    template,
    resources,
    recorder,
    runtime,
    sandboxes,
    urls: { http: gateway.url, ses: sesLocal.endpoint },
    /** An SES outage: every SendEmail is refused with 503 while it lasts. */
    sesOutage: (down: boolean) => {
      sesDown = down;
    },
    /** The table as an administrator sees it, for seeding and for reading what the functions wrote. */
    store: new Store(documentClient(new DynamoDBClient({ endpoint: options.dynamoEndpoint, region: localRegion, credentials: localCredentials })), resources.tableName),
    /** A coordinator's ID token as Cognito would issue it, for the API's JWT authorizer. */
    coordinatorToken: (tenant: string, groups: string[] = []) =>
      new SignJWT({ email: `coordinator@${tenant}.example.org`, 'cognito:groups': [`tenant:${tenant}`, ...groups], token_use: 'id' })
        .setProtectedHeader({ alg: 'RS256' })
        .setSubject(`coordinator-${tenant}`)
        .setIssuer(authorizer!.Issuer)
        .setAudience(authorizer!.Audience[0]!)
        .setIssuedAt(Math.floor(clock.now().getTime() / 1000))
        .setExpirationTime(Math.floor(clock.now().getTime() / 1000) + 3600)
        .sign(signer.privateKey),
    async stop() {
      runtime.stop();
      for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    },
  };
}

export type DeployedStack = Awaited<ReturnType<typeof startDeployedStack>>;
