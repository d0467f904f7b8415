import { systemClock } from '../adapters/clock.js';
import { createActHandler } from '../workflow/act.js';
import { engineFromEnv } from './env/engine.js';
import { kmsClient, linkKeysFromEnv } from './env/keys.js';
import { mailerFromEnv } from './env/mailer.js';
import { siteFromEnv } from './env/site.js';
import { storeFromEnv } from './env/store.js';
import { taskHandler } from './task.js';

export const handler = taskHandler(
  createActHandler({
    store: storeFromEnv('Act'),
    mailer: mailerFromEnv('Act'),
    linkKeys: linkKeysFromEnv('Act', kmsClient()),
    clock: systemClock,
    engine: engineFromEnv('Act', ['deliverable']),
    config: siteFromEnv('Act'),
  }),
);
