import { awsDeps } from '../adapters/deps.js';
import { createManageLinksHandler } from '../manage-links.js';

export const handler = createManageLinksHandler(awsDeps());
