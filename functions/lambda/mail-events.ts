import { systemClock } from '../adapters/clock.js';
import { createMailEventsHandler } from '../events/mail-events.js';
import { storeFromEnv } from './env/store.js';

export const handler = createMailEventsHandler({ store: storeFromEnv('MailEvents'), clock: systemClock });
