import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Email } from 'aws-ses-v2-local/dist/store.js';

const root = new URL('../../../', import.meta.url).pathname;
const child = new URL('./child.ts', import.meta.url).pathname;

/** Static credentials whose key id names the caller, as each function's own will locally. */
export const credentialsOf = (principal: string) => ({ accessKeyId: principal, secretAccessKey: 'lokaal' });
export const region = 'eu-west-1';

/**
 * Runs one call of `child.ts` in a fresh Node process (the project's Node 22) whose environment
 * holds only what Lambda gives a function: the region, the credentials naming `principal`, and
 * the endpoint variables in `endpoints` (e.g. `{ AWS_ENDPOINT_URL_KMS: url }`). No shared config
 * file of this machine can leak in.
 */
export async function callInChild(name: string, args: unknown, principal: string, endpoints: Record<string, string>): Promise<{ node: string; result: unknown }> {
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: principal,
    AWS_SECRET_ACCESS_KEY: 'lokaal',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...endpoints,
  };
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, name, JSON.stringify(args)], { cwd: root, env });
  return JSON.parse(stdout) as { node: string; result: unknown };
}

/** The mail aws-ses-v2-local captured, oldest first. */
export async function inbox(sesEndpoint: string): Promise<Email[]> {
  return ((await (await fetch(`${sesEndpoint}/store`)).json()) as { emails: Email[] }).emails;
}

/** A request without any signature, as a stray client or an attacker sends it. */
export async function unsigned(url: string, init: RequestInit): Promise<{ status: number; text: string }> {
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text() };
}
