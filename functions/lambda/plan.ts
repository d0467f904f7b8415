import { awsDeps } from '../adapters/deps.js';
import { createPlanHandler } from '../plan.js';

export const handler = createPlanHandler(awsDeps());
