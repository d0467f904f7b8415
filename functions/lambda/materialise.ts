import { awsDeps } from '../adapters/deps.js';
import { createMaterialiseHandler } from '../open-cycle.js';

export const handler = createMaterialiseHandler(awsDeps());
