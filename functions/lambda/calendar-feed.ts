import { systemClock } from '../adapters/clock.js';
import { createCalendarFeedHandler } from '../public/calendar-feed.js';
import { linkKeysFromEnv } from './env/keys.js';
import { storeFromEnv } from './env/store.js';

export const handler = createCalendarFeedHandler({ store: storeFromEnv('CalendarFeed'), linkKeys: linkKeysFromEnv('CalendarFeed'), clock: systemClock });
