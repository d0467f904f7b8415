import { awsDeps } from '../adapters/deps.js';
import { createMailEventsHandler } from '../events/mail-events.js';

export const handler = createMailEventsHandler(awsDeps());
