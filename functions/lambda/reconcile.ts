import { systemClock } from '../adapters/clock.js';
import { createReconcileHandler } from '../workflow/reconcile.js';
import { engineFromEnv } from './env/engine.js';
import { storeFromEnv } from './env/store.js';

export const handler = createReconcileHandler({ store: storeFromEnv('Reconcile'), engine: engineFromEnv('Reconcile', ['deliverable']), clock: systemClock });
