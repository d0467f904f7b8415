import { createStartDeliverableHandler } from '../workflow/start-deliverable.js';
import { engineFromEnv } from './env/engine.js';

export const handler = createStartDeliverableHandler({ engine: engineFromEnv('StartDeliverable', ['deliverable']) });
