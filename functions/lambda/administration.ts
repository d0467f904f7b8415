import { systemClock } from '../adapters/clock.js';
import { createAdministrationHandler } from '../administration/api.js';
import { engineFromEnv } from './env/engine.js';
import { authorizer } from './env/site.js';
import { storeFromEnv } from './env/store.js';

export const handler = createAdministrationHandler({
  store: storeFromEnv('Administration'),
  // Completing a move to other template versions starts the executions of changed deadlines.
  engine: engineFromEnv('Administration', ['deliverable']),
  clock: systemClock,
  config: { coordinatorAuth: authorizer },
});
