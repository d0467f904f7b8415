import { systemClock } from '../adapters/clock.js';
import { createMaterialiseHandler } from '../workflow/materialise.js';
import { storeFromEnv } from './env/store.js';

export const handler = createMaterialiseHandler({ store: storeFromEnv('Materialise'), clock: systemClock });
