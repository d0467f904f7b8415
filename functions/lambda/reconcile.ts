import { systemClock } from '../adapters/clock.js';
import { createReconcileHandler } from '../workflow/reconcile.js';
import { engineFromEnv } from './env/engine.js';
import { kmsClient, linkKeysFromEnv } from './env/keys.js';
import { mailerFromEnv } from './env/mailer.js';
import { siteFromEnv } from './env/site.js';
import { storeFromEnv } from './env/store.js';

export const handler = createReconcileHandler({
  store: storeFromEnv('Reconcile'),
  engine: engineFromEnv('Reconcile', ['deliverable', 'cycle']),
  // Versions left in the outbox are forwarded from here, with their read links.
  mailer: mailerFromEnv('Reconcile'),
  linkKeys: linkKeysFromEnv('Reconcile', kmsClient()),
  clock: systemClock,
  config: siteFromEnv('Reconcile'),
});
