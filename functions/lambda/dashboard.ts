import { awsDeps } from '../adapters/deps.js';
import { createDashboardHandler } from '../dashboard.js';

export const handler = createDashboardHandler(awsDeps());
