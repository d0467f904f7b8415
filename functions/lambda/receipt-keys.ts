import { awsDeps } from '../adapters/deps.js';
import { createReceiptKeysHandler } from '../receipt-keys.js';

export const handler = createReceiptKeysHandler(awsDeps());
