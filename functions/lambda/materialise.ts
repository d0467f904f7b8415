import { systemClock } from '../adapters/clock.js';
import { createMaterialiseHandler } from '../workflow/materialise.js';
import { storeFromEnv } from './env/store.js';
import { taskHandler } from './task.js';

export const handler = taskHandler(createMaterialiseHandler({ store: storeFromEnv('Materialise'), clock: systemClock }));
