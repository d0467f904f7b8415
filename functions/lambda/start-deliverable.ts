import { createStartDeliverableHandler } from '../workflow/start-deliverable.js';
import { engineFromEnv } from './env/engine.js';
import { taskHandler } from './task.js';

export const handler = taskHandler(createStartDeliverableHandler({ engine: engineFromEnv('StartDeliverable', ['deliverable']) }));
