import { awsDeps } from '../adapters/deps.js';
import { createExportCycleHandler } from '../export-cycle.js';

export const handler = createExportCycleHandler(awsDeps());
