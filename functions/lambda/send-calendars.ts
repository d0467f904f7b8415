import { awsDeps } from '../adapters/deps.js';
import { createSendCalendarsHandler } from '../calendars.js';

export const handler = createSendCalendarsHandler(awsDeps());
