import { systemClock } from '../adapters/clock.js';
import { createDashboardHandler } from '../coordinator/dashboard.js';
import { documentsFromEnv } from './env/documents.js';
import { engineFromEnv } from './env/engine.js';
import { kmsClient, linkKeysFromEnv, receiptSignerFromEnv } from './env/keys.js';
import { mailerFromEnv } from './env/mailer.js';
import { cognitoSignInFromEnv, siteFromEnv } from './env/site.js';
import { storeFromEnv } from './env/store.js';

const kms = kmsClient();
const { documents, uploadOrigin } = documentsFromEnv('Dashboard');

export const handler = createDashboardHandler({
  store: storeFromEnv('Dashboard'),
  documents,
  mailer: mailerFromEnv('Dashboard'),
  engine: engineFromEnv('Dashboard', ['deliverable', 'cycle']),
  linkKeys: linkKeysFromEnv('Dashboard', kms),
  receiptSigner: receiptSignerFromEnv('Dashboard', kms),
  clock: systemClock,
  config: { ...siteFromEnv('Dashboard'), uploadOrigin, coordinatorAuth: cognitoSignInFromEnv('Dashboard') },
});
