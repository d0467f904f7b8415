import { awsDeps } from '../adapters/deps.js';
import { createCalendarFeedHandler } from '../public/calendar-feed.js';

export const handler = createCalendarFeedHandler(awsDeps());
