import { systemClock } from '../adapters/clock.js';
import { createRecordDateHandler } from '../coordinator/record-date.js';
import { engineFromEnv } from './env/engine.js';
import { authorizer } from './env/site.js';
import { storeFromEnv } from './env/store.js';

export const handler = createRecordDateHandler({
  store: storeFromEnv('RecordDate'),
  engine: engineFromEnv('RecordDate', ['deliverable']),
  clock: systemClock,
  config: { coordinatorAuth: authorizer },
});
