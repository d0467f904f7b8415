import { awsDeps } from '../adapters/deps.js';
import { createHandOverHandler } from '../workflow/hand-over.js';

export const handler = createHandOverHandler(awsDeps());
