import { awsDeps } from '../adapters/deps.js';
import { createPlanHandler } from '../workflow/plan.js';

export const handler = createPlanHandler(awsDeps());
