import { awsDeps } from '../adapters/deps.js';
import { createRecordDateHandler } from '../coordinator/record-date.js';

export const handler = createRecordDateHandler(awsDeps());
