import { createOpenCycleHandler } from '../coordinator/open-cycle.js';
import { engineFromEnv } from './env/engine.js';
import { authorizer } from './env/site.js';
import { storeFromEnv } from './env/store.js';

export const handler = createOpenCycleHandler({ store: storeFromEnv('OpenCycle'), engine: engineFromEnv('OpenCycle', ['cycle']), config: { coordinatorAuth: authorizer } });
