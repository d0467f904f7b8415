import { awsDeps } from '../adapters/deps.js';
import { createDashboardHandler } from '../coordinator/dashboard.js';

export const handler = createDashboardHandler(awsDeps());
