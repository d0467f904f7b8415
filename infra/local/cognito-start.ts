import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureLocalUserPool, localCognitoClient, localCognitoDefaults, LOCAL_USER_POOL_NAME, startCognitoLocal } from './cognito.js';
import { LocalSetupError } from './ports.js';

/**
 * `npm run cognito`: the coordinators' user pool on this machine (cognito-local), next to `npm
 * start`, so `npm run beheer -- gebruiker aanmaken` works without --aws. Pools are kept in
 * `<data>/cognito/`; the pool is made once, as the stack makes its own.
 */
async function main() {
  const { values } = parseArgs({
    options: { data: { type: 'string', default: '.local' }, 'cognito-port': { type: 'string', default: String(localCognitoDefaults.port) }, help: { type: 'boolean', default: false } },
  });
  if (values.help) return console.log('npm run cognito -- [--data .local] [--cognito-port 9229]\n\n  de lokale gebruikerspool van de coördinatoren (cognito-local); Ctrl-C stopt hem');
  const port = Number(values['cognito-port']);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LocalSetupError('--cognito-port moet een getal van 1 tot 65535 zijn.');
  const cognito = await startCognitoLocal({ port, dataDir: join(values.data, 'cognito') });
  const client = localCognitoClient(cognito.endpoint);
  const poolId = await ensureLocalUserPool(client);
  client.destroy();
  const stop = () => void cognito.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`Lokale gebruikerspool ${LOCAL_USER_POOL_NAME} (${poolId}) op ${cognito.endpoint}, gegevens in ${join(values.data, 'cognito')}/
  npm run beheer -- gebruiker aanmaken --gemeente <id> --email <adres> maakt er coördinatoren in aan.
  Stoppen: Ctrl-C`);
}

main().catch((error: unknown) => {
  console.error(`cognito: ${error instanceof LocalSetupError ? error.message : `starten mislukt: ${(error as Error).message}`}`);
  process.exit(1);
});
