import { systemClock } from '../adapters/clock.js';
import { createSteerDeliverableHandler } from '../coordinator/steer-deliverable.js';
import { engineFromEnv } from './env/engine.js';
import { authorizer } from './env/site.js';
import { storeFromEnv } from './env/store.js';

export const handler = createSteerDeliverableHandler({
  store: storeFromEnv('SteerDeliverable'),
  engine: engineFromEnv('SteerDeliverable', ['deliverable']),
  clock: systemClock,
  config: { coordinatorAuth: authorizer },
});
