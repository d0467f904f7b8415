import { awsDeps } from '../adapters/deps.js';
import { createMaterialiseHandler } from '../workflow/materialise.js';

export const handler = createMaterialiseHandler(awsDeps());
