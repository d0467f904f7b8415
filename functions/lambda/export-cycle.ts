import { systemClock } from '../adapters/clock.js';
import { createExportCycleHandler } from '../coordinator/export-cycle.js';
import { authorizer } from './env/site.js';
import { storeFromEnv } from './env/store.js';

export const handler = createExportCycleHandler({ store: storeFromEnv('ExportCycle'), clock: systemClock, config: { coordinatorAuth: authorizer } });
