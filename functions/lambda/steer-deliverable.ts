import { awsDeps } from '../adapters/deps.js';
import { createSteerDeliverableHandler } from '../coordinator/steer-deliverable.js';

export const handler = createSteerDeliverableHandler(awsDeps());
