import { systemClock } from '../adapters/clock.js';
import { createCycleStatusHandler } from '../coordinator/cycle-status.js';
import { authorizer } from './env/site.js';
import { storeFromEnv } from './env/store.js';

export const handler = createCycleStatusHandler({ store: storeFromEnv('CycleStatus'), clock: systemClock, config: { coordinatorAuth: authorizer } });
