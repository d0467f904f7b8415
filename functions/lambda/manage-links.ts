import { awsDeps } from '../adapters/deps.js';
import { createManageLinksHandler } from '../coordinator/manage-links.js';

export const handler = createManageLinksHandler(awsDeps());
