import { awsDeps } from '../adapters/deps.js';
import { createCalendarFeedHandler } from '../calendars.js';

export const handler = createCalendarFeedHandler(awsDeps());
