import { createHandOverHandler } from '../workflow/hand-over.js';
import { engineFromEnv } from './env/engine.js';
import { taskHandler } from './task.js';

export const handler = taskHandler(createHandOverHandler({ engine: engineFromEnv('HandOver', ['deliverable']) }));
