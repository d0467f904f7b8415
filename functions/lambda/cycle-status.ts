import { awsDeps } from '../adapters/deps.js';
import { createCycleStatusHandler } from '../cycle-status.js';

export const handler = createCycleStatusHandler(awsDeps());
