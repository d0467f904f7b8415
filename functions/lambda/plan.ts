import { systemClock } from '../adapters/clock.js';
import { createPlanHandler } from '../workflow/plan.js';
import { storeFromEnv } from './env/store.js';

export const handler = createPlanHandler({ store: storeFromEnv('Plan'), clock: systemClock });
