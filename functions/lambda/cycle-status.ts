import { awsDeps } from '../adapters/deps.js';
import { createCycleStatusHandler } from '../coordinator/cycle-status.js';

export const handler = createCycleStatusHandler(awsDeps());
