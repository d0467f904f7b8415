import { systemClock } from '../adapters/clock.js';
import { createSendCalendarsHandler } from '../workflow/send-calendars.js';
import { linkKeysFromEnv } from './env/keys.js';
import { mailerFromEnv } from './env/mailer.js';
import { publicBaseUrlFromEnv } from './env/site.js';
import { storeFromEnv } from './env/store.js';
import { taskHandler } from './task.js';

export const handler = taskHandler(
  createSendCalendarsHandler({
    store: storeFromEnv('SendCalendars'),
    mailer: mailerFromEnv('SendCalendars'),
    linkKeys: linkKeysFromEnv('SendCalendars'),
    clock: systemClock,
    config: publicBaseUrlFromEnv('SendCalendars'),
  }),
);
