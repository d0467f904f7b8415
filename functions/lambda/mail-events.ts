import { awsDeps } from '../adapters/deps.js';
import { createMailEventsHandler } from '../mail-events.js';

export const handler = createMailEventsHandler(awsDeps());
