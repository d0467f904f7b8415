import { awsDeps } from '../adapters/deps.js';
import { createLinkPageHandler } from '../public/link-page.js';

export const handler = createLinkPageHandler(awsDeps());
