import { awsDeps } from '../adapters/deps.js';
import { createRecordDateHandler } from '../record-date.js';

export const handler = createRecordDateHandler(awsDeps());
