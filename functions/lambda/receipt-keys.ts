import { awsDeps } from '../adapters/deps.js';
import { createReceiptKeysHandler } from '../public/receipt-keys.js';

export const handler = createReceiptKeysHandler(awsDeps());
