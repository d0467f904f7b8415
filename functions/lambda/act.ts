import { awsDeps } from '../adapters/deps.js';
import { createActHandler } from '../act.js';

export const handler = createActHandler(awsDeps());
