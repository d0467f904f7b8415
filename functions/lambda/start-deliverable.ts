import { awsDeps } from '../adapters/deps.js';
import { createStartDeliverableHandler } from '../workflow/start-deliverable.js';

export const handler = createStartDeliverableHandler(awsDeps());
