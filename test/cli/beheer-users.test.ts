import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { AdminGetUserCommand, ListGroupsCommand, ListUsersCommand, ListUsersInGroupCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDirectory } from '../../cli/beheer-users.js';
import { documentClient } from '../../functions/adapters/deps.js';
import { Store } from '../../functions/adapters/store/index.js';
import { createTableInput } from '../../functions/adapters/table-design.js';
import { ensureLocalUserPool, localCognitoClient, startCognitoLocal, type CognitoLocal } from '../../infra/local/cognito.js';
import { reservePort } from '../../infra/local/ports.js';
import { localCredentials, localRegion } from '../../infra/local/dynamodb.js';

/**
 * `npm run beheer -- gebruiker aanmaken` against a real user pool: cognito-local (a child process
 * on the pinned Node, its data in a temporary folder) and a table of its own in the shared DynamoDB Local.
 */
const tableName = `gebruikers-${randomBytes(6).toString('hex')}`;
const endpoint = inject('dynamoEndpoint');
const dynamo = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
const store = new Store(documentClient(dynamo), tableName);
let cognito: CognitoLocal;
let client: CognitoIdentityProviderClient;
let poolId: string;

/** Runs the command as `npm run beheer` does, at the most verbose log level, so the test sees every log line. */
async function beheer(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const all = [...args, '--endpoint', endpoint, '--tabel', tableName, ...(args.includes('--cognito-endpoint') ? [] : ['--cognito-endpoint', cognito.endpoint])];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/beheer.ts', ...all], {
      cwd: new URL('../../', import.meta.url).pathname,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'DEBUG' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const inPool = (...args: string[]) => beheer(...args, '--gebruikerspool', poolId);

const emailOf = (attributes: { Name?: string; Value?: string }[] | undefined) => attributes?.find((a) => a.Name === 'email')?.Value;
const members = async (group: string) =>
  ((await client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: group }))).Users ?? []).map((u) => emailOf(u.Attributes)).sort();
const everyone = async () => ((await client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users ?? []).map((u) => emailOf(u.Attributes)).sort();
const groups = async () => ((await client.send(new ListGroupsCommand({ UserPoolId: poolId }))).Groups ?? []).map((g) => g.GroupName).sort();
/** The JSON lines of the logger, apart from what the command tells the operator. */
const logLines = (out: string) => out.split('\n').filter((l) => l.startsWith('{'));

beforeAll(async () => {
  await dynamo.send(new CreateTableCommand(createTableInput(tableName)));
  await store.tenants.createTenant({ tenantId: 'amersfoort', name: 'Gemeente Amersfoort' });
  cognito = await startCognitoLocal();
  client = localCognitoClient(cognito.endpoint);
  poolId = await ensureLocalUserPool(client); // as the stack makes it: with the group beheerder
});
afterAll(async () => {
  client?.destroy();
  await cognito?.stop();
  dynamo.destroy();
});

describe('npm run beheer -- gebruiker aanmaken', () => {
  it('creates the user with a verified address, makes the group tenant:<id> and puts the user in it', async () => {
    const run = await inPool('gebruiker', 'aanmaken', '--gemeente', 'amersfoort', '--email', 'J.Jansen@Amersfoort.example.org', '--naam', 'Jan Jansen');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Gebruiker j.jansen@amersfoort.example.org aangemaakt voor gemeente amersfoort — lokaal, gebruikerspool ${poolId} op ${cognito.endpoint}.`);
    expect(run.stdout).toContain('groepen: tenant:amersfoort (groep nieuw aangemaakt)');
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'j.jansen@amersfoort.example.org' }));
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD'); // invited with a temporary password
    expect(Object.fromEntries((user.UserAttributes ?? []).filter((a) => a.Name !== 'sub').map((a) => [a.Name, a.Value]))).toEqual({
      email: 'j.jansen@amersfoort.example.org',
      email_verified: 'true',
      name: 'Jan Jansen',
    });
    expect(await members('tenant:amersfoort')).toEqual(['j.jansen@amersfoort.example.org']);
    expect(await members('beheerder')).toEqual([]);
    const logged = logLines(run.stdout + run.stderr);
    expect(logged.some((l) => l.includes('"code":"COORDINATOR_USER"'))).toBe(true);
    for (const line of logged) expect(line.toLowerCase()).not.toContain('j.jansen@amersfoort');
  });

  it('is harmless the second time: the existing user is not invited again and stays in its group once', async () => {
    const again = await inPool('gebruiker', 'aanmaken', '--gemeente', 'amersfoort', '--email', 'j.jansen@amersfoort.example.org');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Gebruiker j.jansen@amersfoort.example.org bestond al en is niet opnieuw uitgenodigd; toegevoegd aan de groepen');
    expect(again.stdout).toContain('groepen: tenant:amersfoort\n');
    expect(await everyone()).toEqual(['j.jansen@amersfoort.example.org']);
    expect(await members('tenant:amersfoort')).toEqual(['j.jansen@amersfoort.example.org']);
    expect(await groups()).toEqual(['beheerder', 'tenant:amersfoort']);
  });

  it('with --beheerder also puts the user in beheerder, a new one or an existing one; the pool is found by its name', async () => {
    const created = await beheer('gebruiker', 'aanmaken', '--gemeente', 'amersfoort', '--email', 'beheer@amersfoort.example.org', '--beheerder');
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain(`aangemaakt voor gemeente amersfoort — lokaal, gebruikerspool ${poolId}`);
    expect(created.stdout).toContain('groepen: tenant:amersfoort, beheerder');
    const promoted = await inPool('gebruiker', 'aanmaken', '--gemeente', 'amersfoort', '--email', 'j.jansen@amersfoort.example.org', '--beheerder');
    expect(promoted.stdout).toContain('bestond al');
    expect(await members('beheerder')).toEqual(['beheer@amersfoort.example.org', 'j.jansen@amersfoort.example.org']);
    expect(await members('tenant:amersfoort')).toEqual(['beheer@amersfoort.example.org', 'j.jansen@amersfoort.example.org']);
  });

  it('refuses a bad address or an unknown municipality in Dutch, naming the option, and creates nothing', async () => {
    const [users, before] = [await everyone(), await groups()];
    const bad = await inPool('gebruiker', 'aanmaken', '--gemeente', 'amersfoort', '--email', 'j.jansen@', '--naam', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('er is niets gewijzigd');
    expect(bad.stderr).toContain('--email: is geen geldig e-mailadres');
    expect(bad.stderr).toContain('--naam: moet minstens 2 tekens hebben');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const unknown = await inPool('gebruiker', 'aanmaken', '--gemeente', 'utrecht', '--email', 'a@utrecht.example.org');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('gemeente utrecht bestaat niet; maak die eerst aan met: tenant aanmaken --id utrecht');
    const wrongId = await inPool('gebruiker', 'aanmaken', '--gemeente', 'Utrecht!', '--email', 'a@utrecht.example.org');
    expect(wrongId.stderr).toContain('--gemeente: moet bestaan uit kleine letters');
    const missing = await inPool('gebruiker', 'aanmaken', '--gemeente', 'amersfoort');
    expect(missing.stderr).toContain('geef --email op, bv. --email j.jansen@amersfoort.nl.');
    expect(await everyone()).toEqual(users);
    expect(await groups()).toEqual(before);
  });

  it('says in Dutch when there is no user pool to talk to', async () => {
    const nobody = `http://127.0.0.1:${await reservePort(0, 'cognito')}`;
    const run = await beheer('gebruiker', 'aanmaken', '--gemeente', 'amersfoort', '--email', 'a@amersfoort.example.org', '--cognito-endpoint', nobody);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('daar antwoordt geen cognito-local; start de lokale omgeving met npm start');
    const gone = await beheer('gebruiker', 'aanmaken', '--gemeente', 'amersfoort', '--email', 'a@amersfoort.example.org', '--gebruikerspool', 'local_bestaatniet');
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('de gebruikerspool bestaat niet');
    await expect(connectDirectory({ aws: true })).rejects.toThrow('geef bij --aws de gebruikerspool op met --gebruikerspool <id> (de CoordinatorUserPool van de stack');
    await expect(connectDirectory({ aws: true, gebruikerspool: 'eu-west-1_Abc', 'cognito-endpoint': cognito.endpoint })).rejects.toThrow('--aws en --cognito-endpoint gaan niet samen');
    await expect(connectDirectory({ gebruikerspool: 'geen pool' })).rejects.toThrow('--gebruikerspool moet een id zijn zoals eu-west-1_AbC123xyz');
  });
});
