import { awsDeps } from '../adapters/deps.js';
import { createHandOverHandler } from '../hand-over.js';

export const handler = createHandOverHandler(awsDeps());
