import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../functions/adapters/deps.js';
import { Store } from '../functions/adapters/store/index.js';
import { localCredentials, localRegion } from '../infra/local/dynamodb.js';
import { CliError } from './cycle-input.js';

/** Where `npm start` keeps its data: DynamoDB Local on port 8000 (--dynamodb-port), table prestatiecyclus. */
export const localDefaults = { endpoint: 'http://127.0.0.1:8000', table: 'prestatiecyclus' };

export interface TargetOptions {
  aws?: boolean;
  endpoint?: string;
  tabel?: string;
  regio?: string;
}

export interface Target {
  store: Store;
  /** "lokaal, tabel prestatiecyclus op http://127.0.0.1:8000" or "AWS eu-west-1, tabel …". */
  described: string;
  close(): void;
}

/** The region of --aws: --regio, else the SDK's environment, else eu-west-1. */
export const awsRegion = (options: TargetOptions) => options.regio ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'eu-west-1';

/**
 * The one table the command works on: the local cloud's by default, another DynamoDB Local with
 * --endpoint, or the deployed one with --aws (the operator's credentials from the SDK's default
 * chain: AWS_PROFILE, environment, SSO, instance role). The store and the service code are the same.
 */
export async function connect(options: TargetOptions): Promise<Target> {
  let client: DynamoDBClient;
  let described: string;
  const table = options.tabel ?? (options.aws ? undefined : localDefaults.table);
  if (options.aws) {
    if (options.endpoint) throw new CliError('--aws en --endpoint gaan niet samen: --aws is de echte DynamoDB, --endpoint een lokale.');
    if (!table) throw new CliError('geef bij --aws de tabel op met --tabel <naam> (de TableName van de stack, zie de uitvoer van cdk deploy).');
    const region = awsRegion(options);
    client = new DynamoDBClient({ region });
    described = `AWS ${region}, tabel ${table}`;
  } else {
    if (options.regio) throw new CliError('--regio hoort bij --aws.');
    const endpoint = options.endpoint ?? localDefaults.endpoint;
    if (!/^https?:\/\/[^/\s]+\/?$/.test(endpoint)) throw new CliError(`--endpoint moet een adres zijn zoals http://127.0.0.1:8000, niet "${endpoint}".`);
    client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials, maxAttempts: 2 });
    described = `lokaal, tabel ${table} op ${endpoint}`;
  }
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
  } catch (error) {
    client.destroy();
    throw new CliError(connectionMessage(error, options, described));
  }
  return { store: new Store(documentClient(client), table!), described, close: () => client.destroy() };
}

/** Why the table cannot be reached, in Dutch and with what to do. */
export function connectionMessage(error: unknown, options: TargetOptions, described: string): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  if (e.name === 'ResourceNotFoundException') {
    return options.aws
      ? `${described}: de tabel bestaat niet in deze regio; kijk bij --tabel en --regio.`
      : `${described}: de tabel bestaat niet; start de lokale omgeving eerst met npm start, of geef --tabel op.`;
  }
  if (e.name === 'CredentialsProviderError' || /credential/i.test(e.message ?? '')) {
    return `${described}: geen AWS-inloggegevens gevonden; meld u aan (bv. aws sso login, of AWS_PROFILE=…) en probeer opnieuw.`;
  }
  if (['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'AccessDeniedException'].includes(e.name ?? '')) {
    return `${described}: AWS weigert de toegang (${e.name}); kijk of uw inloggegevens geldig zijn en bij deze tabel mogen.`;
  }
  if (code === 'ECONNREFUSED' || e.name === 'TimeoutError' || /ECONNREFUSED|connect/i.test(e.message ?? '')) {
    return options.aws
      ? `${described}: DynamoDB is niet bereikbaar (${e.message ?? e.name}).`
      : `${described}: daar antwoordt geen DynamoDB; start eerst npm start (of geef --endpoint en --tabel op, of --aws voor de echte omgeving).`;
  }
  return `${described}: de tabel is niet bereikbaar (${e.name ?? 'fout'}: ${e.message ?? ''}).`;
}
