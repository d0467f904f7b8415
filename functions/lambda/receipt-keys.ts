import { createReceiptKeysHandler } from '../public/receipt-keys.js';
import { receiptSignerFromEnv } from './env/keys.js';

export const handler = createReceiptKeysHandler({ receiptSigner: receiptSignerFromEnv('ReceiptKeys') });
