import { awsDeps } from '../adapters/deps.js';
import { createExportCycleHandler } from '../coordinator/export-cycle.js';

export const handler = createExportCycleHandler(awsDeps());
