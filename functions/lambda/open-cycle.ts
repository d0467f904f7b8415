import { awsDeps } from '../adapters/deps.js';
import { createOpenCycleHandler } from '../coordinator/open-cycle.js';

export const handler = createOpenCycleHandler(awsDeps());
