import { systemClock } from '../adapters/clock.js';
import { createManageLinksHandler } from '../coordinator/manage-links.js';
import { linkKeysFromEnv } from './env/keys.js';
import { mailerFromEnv } from './env/mailer.js';
import { authorizer, siteFromEnv } from './env/site.js';
import { storeFromEnv } from './env/store.js';

export const handler = createManageLinksHandler({
  store: storeFromEnv('ManageLinks'),
  mailer: mailerFromEnv('ManageLinks'),
  linkKeys: linkKeysFromEnv('ManageLinks'),
  clock: systemClock,
  config: { ...siteFromEnv('ManageLinks'), coordinatorAuth: authorizer },
});
