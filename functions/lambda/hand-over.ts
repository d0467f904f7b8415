import { createHandOverHandler } from '../workflow/hand-over.js';
import { engineFromEnv } from './env/engine.js';

export const handler = createHandOverHandler({ engine: engineFromEnv('HandOver', ['deliverable']) });
