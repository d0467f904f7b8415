import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CognitoIdentityProviderClient, CreateGroupCommand, CreateUserPoolCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ADMINISTRATOR_GROUP } from '../../functions/coordinator/auth.js';
import { localCredentials, localRegion } from './dynamodb.js';
import { LocalSetupError, reservePort } from './ports.js';

/** Where `npm run cognito` listens (cognito-local's own default port). */
export const localCognitoDefaults = { endpoint: 'http://127.0.0.1:9229', port: 9229 };
/** The local coordinators' pool, found by this name as the stack's is by its output. */
export const LOCAL_USER_POOL_NAME = 'prestatiecyclus-coordinatoren';

export interface CognitoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export function localCognitoClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint, region: localRegion, credentials: localCredentials, maxAttempts: 2 });
}

/**
 * Starts cognito-local (the `cognito-local` package: Cognito's user-pool API on this machine) as a
 * child process on the pinned Node. It keeps its pools in `.cognito/` under its working folder:
 * `dataDir`, or a fresh temporary folder. Its output, which names the addresses and the temporary
 * passwords it "mails", is dropped.
 */
export async function startCognitoLocal(options: { port?: number; dataDir?: string } = {}): Promise<CognitoLocal> {
  const port = await reservePort(options.port ?? 0, 'cognito');
  const cwd = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'cognito-local-'));
  mkdirSync(cwd, { recursive: true });
  const bin = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  const child: ChildProcess = spawn(process.execPath, [bin], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  child.stdout?.resume();
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localCognitoClient(endpoint);

  const stop = async () => {
    client.destroy();
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  let early: number | null | undefined;
  void exited.then((code) => (early = code));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (early !== undefined) throw new LocalSetupError(`cognito-local stopte bij het starten (code ${early}): ${stderr.trim().split('\n').pop() ?? ''}`);
    try {
      await client.send(new ListUserPoolsCommand({ MaxResults: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new LocalSetupError(`cognito-local antwoordde niet binnen 30 seconden op poort ${port}.`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return { endpoint, stop };
}

/** The id of the pool with this name, if there is one. */
export async function findUserPool(client: CognitoIdentityProviderClient, name = LOCAL_USER_POOL_NAME): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    const found = page.UserPools?.find((p) => p.Name === name);
    if (found?.Id) return found.Id;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

/**
 * The local coordinators' pool, made as the stack makes its own: e-mail addresses as user names,
 * only administrators create users, MFA on, and the group `beheerder`. (That group also keeps
 * cognito-local 5.3.0's GetGroup from failing on a pool without any group.)
 */
export async function ensureLocalUserPool(client: CognitoIdentityProviderClient, name = LOCAL_USER_POOL_NAME): Promise<string> {
  const existing = await findUserPool(client, name);
  if (existing) return existing;
  const { UserPool } = await client.send(
    new CreateUserPoolCommand({
      PoolName: name,
      UsernameAttributes: ['email'],
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    }),
  );
  await client.send(new CreateGroupCommand({ UserPoolId: UserPool!.Id!, GroupName: ADMINISTRATOR_GROUP }));
  return UserPool!.Id!;
}
