import { awsDeps } from '../adapters/deps.js';
import { createOpenCycleHandler } from '../open-cycle.js';

export const handler = createOpenCycleHandler(awsDeps());
