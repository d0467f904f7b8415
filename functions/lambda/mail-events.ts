import { systemClock } from '../adapters/clock.js';
import { createMailEventsHandler } from '../events/mail-events.js';
import { storeFromEnv } from './env/store.js';
import { taskHandler } from './task.js';

export const handler = taskHandler(createMailEventsHandler({ store: storeFromEnv('MailEvents'), clock: systemClock }));
