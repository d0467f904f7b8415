import { awsDeps } from '../adapters/deps.js';
import { createSteerDeliverableHandler } from '../steer-deliverable.js';

export const handler = createSteerDeliverableHandler(awsDeps());
