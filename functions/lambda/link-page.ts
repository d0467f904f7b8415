import { systemClock } from '../adapters/clock.js';
import { createLinkPageHandler } from '../public/link-page.js';
import { documentsFromEnv } from './env/documents.js';
import { engineFromEnv } from './env/engine.js';
import { kmsClient, linkKeysFromEnv, receiptSignerFromEnv } from './env/keys.js';
import { mailerFromEnv } from './env/mailer.js';
import { siteFromEnv } from './env/site.js';
import { storeFromEnv } from './env/store.js';

const kms = kmsClient();
const { documents, uploadOrigin } = documentsFromEnv('LinkPage');

export const handler = createLinkPageHandler({
  store: storeFromEnv('LinkPage'),
  documents,
  mailer: mailerFromEnv('LinkPage'),
  engine: engineFromEnv('LinkPage', ['deliverable']),
  linkKeys: linkKeysFromEnv('LinkPage', kms),
  receiptSigner: receiptSignerFromEnv('LinkPage', kms),
  clock: systemClock,
  config: { ...siteFromEnv('LinkPage'), uploadOrigin },
});
