import { awsDeps } from '../adapters/deps.js';
import { createLinkPageHandler } from '../link-page.js';

export const handler = createLinkPageHandler(awsDeps());
