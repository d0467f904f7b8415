import { awsDeps } from '../adapters/deps.js';
import { createStartDeliverableHandler } from '../open-cycle.js';

export const handler = createStartDeliverableHandler(awsDeps());
