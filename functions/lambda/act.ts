import { KMSClient } from '@aws-sdk/client-kms';
import { systemClock } from '../adapters/clock.js';
import { createActHandler } from '../workflow/act.js';
import { linkKeysFromEnv } from './env/keys.js';
import { mailerFromEnv } from './env/mailer.js';
import { siteFromEnv } from './env/site.js';
import { storeFromEnv } from './env/store.js';

export const handler = createActHandler({
  store: storeFromEnv('Act'),
  mailer: mailerFromEnv('Act'),
  linkKeys: linkKeysFromEnv('Act', new KMSClient({})),
  clock: systemClock,
  config: siteFromEnv('Act'),
});
