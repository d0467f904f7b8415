import { awsDeps } from '../adapters/deps.js';
import { createActHandler } from '../workflow/act.js';

export const handler = createActHandler(awsDeps());
