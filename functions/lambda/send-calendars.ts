import { awsDeps } from '../adapters/deps.js';
import { createSendCalendarsHandler } from '../workflow/send-calendars.js';

export const handler = createSendCalendarsHandler(awsDeps());
