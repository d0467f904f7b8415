import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { contextArgs, testContext } from '../infra/context.js';

const root = new URL('../../', import.meta.url).pathname;

/** The context a municipality deploys with (example.org: never a real address). */
export const deployContext: Record<string, string> = testContext;

export const deployAccount = '123456789012';

/** `npx cdk synth` as a person runs it before `cdk deploy`: bundles and template in a fresh cloud assembly. */
export async function synthesize(context: Record<string, string> = deployContext): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  await promisify(execFile)(join(root, 'node_modules/.bin/cdk'), ['synth', '--quiet', '--output', out, ...contextArgs(context)], {
    cwd: root,
    env: { ...process.env, CDK_DEFAULT_ACCOUNT: deployAccount, CDK_DEFAULT_REGION: context.region ?? 'eu-west-1' },
    maxBuffer: 32 * 1024 * 1024,
  });
  return out;
}
