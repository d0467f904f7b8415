import { systemClock } from '../adapters/clock.js';
import { createPlanHandler } from '../workflow/plan.js';
import { storeFromEnv } from './env/store.js';
import { taskHandler } from './task.js';

export const handler = taskHandler(createPlanHandler({ store: storeFromEnv('Plan'), clock: systemClock }));
