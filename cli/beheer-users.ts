import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoUserDirectory } from '../functions/adapters/user-directory.js';
import { AdminError } from '../functions/services/administration.js';
import { createCoordinatorUser } from '../functions/services/coordinator-users.js';
import { findUserPool, localCognitoClient, localCognitoDefaults, LOCAL_USER_POOL_NAME } from '../infra/local/cognito.js';
import { awsRegion, type Target, type TargetOptions } from './beheer-target.js';
import { CliError } from './cycle-input.js';

/** The user commands of `npm run beheer`: coordinators' accounts in the stack's user pool (or the local one). */
export const userUsage = `  gebruiker aanmaken    --gemeente <id> --email <adres> [--naam "J. Jansen"] [--beheerder]
                                      maakt een coördinator aan in de gebruikerspool, in de groep tenant:<id>
                                      (--beheerder: ook in de groep beheerder); Cognito mailt de uitnodiging
                                      met een tijdelijk wachtwoord, MFA volgt bij de eerste aanmelding. Een
                                      bestaande gebruiker wordt alleen aan de groepen toegevoegd`;

export const userTargetUsage = `    gebruikers: --gebruikerspool <id> (bij --aws verplicht: de CoordinatorUserPool van de stack);
                zonder --aws de pool ${LOCAL_USER_POOL_NAME} van npm start op ${localCognitoDefaults.endpoint},
                of --cognito-endpoint <url>`;

export const userCommands = ['gebruiker aanmaken'];

export const userOptionSpec = {
  gemeente: { type: 'string' },
  email: { type: 'string' },
  beheerder: { type: 'boolean', default: false },
  gebruikerspool: { type: 'string' },
  'cognito-endpoint': { type: 'string' },
} as const;

export interface UserValues extends TargetOptions {
  gemeente?: string;
  email?: string;
  naam?: string;
  beheerder?: boolean;
  gebruikerspool?: string;
  'cognito-endpoint'?: string;
}

interface DirectoryTarget {
  directory: CognitoUserDirectory;
  /** "AWS eu-west-1, gebruikerspool eu-west-1_AbC" or "lokaal, gebruikerspool local_… op http://…". */
  described: string;
  close(): void;
}

// Cognito's own pattern for a user pool id (cognito-local's are local_…).
const poolId = /^[\w-]+_[0-9a-zA-Z]+$/;

/** The user pool: the stack's with --aws (named by --gebruikerspool), otherwise cognito-local's, checked before use. */
export async function connectDirectory(options: UserValues): Promise<DirectoryTarget> {
  const given = options.gebruikerspool;
  if (given !== undefined && !poolId.test(given)) throw new CliError(`--gebruikerspool moet een id zijn zoals eu-west-1_AbC123xyz, niet "${given}".`);
  let client: CognitoIdentityProviderClient;
  let described: string;
  let pool = given;
  if (options.aws) {
    if (options['cognito-endpoint']) throw new CliError('--aws en --cognito-endpoint gaan niet samen: --aws is de echte Cognito, --cognito-endpoint een lokale.');
    if (!pool) throw new CliError('geef bij --aws de gebruikerspool op met --gebruikerspool <id> (de CoordinatorUserPool van de stack, zie de uitvoer van cdk deploy).');
    const region = awsRegion(options);
    client = new CognitoIdentityProviderClient({ region });
    described = `AWS ${region}, gebruikerspool ${pool}`;
  } else {
    const endpoint = options['cognito-endpoint'] ?? localCognitoDefaults.endpoint;
    if (!/^https?:\/\/[^/\s]+\/?$/.test(endpoint)) throw new CliError(`--cognito-endpoint moet een adres zijn zoals ${localCognitoDefaults.endpoint}, niet "${endpoint}".`);
    client = localCognitoClient(endpoint);
    described = `lokaal, gebruikerspool ${pool ?? LOCAL_USER_POOL_NAME} op ${endpoint}`;
  }
  try {
    if (!pool) {
      pool = await findUserPool(client);
      if (!pool) throw new CliError(`${described}: die pool is er niet; start de lokale omgeving met npm start, of geef --gebruikerspool op.`);
      described = `lokaal, gebruikerspool ${pool} op ${options['cognito-endpoint'] ?? localCognitoDefaults.endpoint}`;
    }
    const directory = new CognitoUserDirectory(client, pool);
    await directory.describe();
    return { directory, described, close: () => client.destroy() };
  } catch (error) {
    client.destroy();
    throw error instanceof CliError ? error : new CliError(directoryMessage(error, options, described));
  }
}

/** Why the user pool cannot be used, in Dutch and with what to do. */
export function directoryMessage(error: unknown, options: UserValues, described: string): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  if (e.name === 'ResourceNotFoundException') {
    return options.aws
      ? `${described}: de gebruikerspool bestaat niet in deze regio; kijk bij --gebruikerspool (de CoordinatorUserPool van de stack) en --regio.`
      : `${described}: de gebruikerspool bestaat niet; start de lokale omgeving met npm start, of kijk bij --gebruikerspool.`;
  }
  if (e.name === 'CredentialsProviderError' || /credential/i.test(e.message ?? '')) {
    return `${described}: geen AWS-inloggegevens gevonden; meld u aan (bv. aws sso login, of AWS_PROFILE=…) en probeer opnieuw.`;
  }
  if (['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'AccessDeniedException', 'NotAuthorizedException'].includes(e.name ?? '')) {
    return `${described}: AWS weigert de toegang (${e.name}); kijk of uw inloggegevens geldig zijn en gebruikers in deze pool mogen aanmaken.`;
  }
  if (code === 'ECONNREFUSED' || e.name === 'TimeoutError' || /ECONNREFUSED|connect/i.test(e.message ?? '')) {
    return options.aws
      ? `${described}: Cognito is niet bereikbaar (${e.message ?? e.name}).`
      : `${described}: daar antwoordt geen cognito-local; start de lokale omgeving met npm start (of geef --cognito-endpoint op, of --aws voor de echte omgeving).`;
  }
  return `${described}: de gebruikerspool gaf een fout (${e.name ?? 'fout'}: ${e.message ?? ''}).`;
}

function need(value: string | undefined, name: string, example: string): string {
  if (!value) throw new CliError(`geef --${name} op, bv. --${name} ${example}.`);
  return value;
}

export async function runUserCommand(target: Target, command: string, values: UserValues): Promise<void> {
  if (command !== 'gebruiker aanmaken') throw new CliError(`onbekende opdracht ${command}`);
  const input = {
    tenantId: need(values.gemeente, 'gemeente', 'amersfoort'),
    email: need(values.email, 'email', 'j.jansen@amersfoort.nl'),
    ...(values.naam !== undefined ? { name: values.naam } : {}),
    administrator: values.beheerder ?? false,
  };
  const pool = await connectDirectory(values);
  try {
    let result;
    try {
      result = await createCoordinatorUser(target.store, pool.directory, input);
    } catch (error) {
      if (error instanceof AdminError) throw error;
      // A call that failed halfway: what is done stays (a group, the user), and running it again is safe.
      throw new CliError(`${directoryMessage(error, values, pool.described)} Wat al gedaan is blijft staan; opnieuw uitvoeren is veilig.`);
    }
    const groups = result.groups.map((g) => `${g.name}${g.created ? ' (groep nieuw aangemaakt)' : ''}`).join(', ');
    console.log(
      result.created
        ? `Gebruiker ${result.email} aangemaakt voor gemeente ${result.tenantId} — ${pool.described}.`
        : `Gebruiker ${result.email} bestond al en is niet opnieuw uitgenodigd; toegevoegd aan de groepen — ${pool.described}.`,
    );
    console.log(`  groepen: ${groups}`);
    if (!result.created) return;
    console.log(
      values.aws
        ? '  Cognito mailt de uitnodiging met een tijdelijk wachtwoord; bij de eerste aanmelding kiest de gebruiker een eigen wachtwoord en stelt MFA in (een authenticator-app).'
        : `  Lokaal verstuurt cognito-local geen mail; op het lokale dashboard meldt u zich aan met dit adres en gemeente ${result.tenantId}, zonder wachtwoord.`,
    );
  } finally {
    pool.close();
  }
}
