import type { Deps } from '../adapters/deps.js';
import { httpHandler, jsonResponse } from '../http/handler.js';

/**
 * GET /ontvangstbewijs/sleutels: the published public keys of receipts, current and older, so
 * anyone can check a receipt offline (`npm run verify-receipt -- bewijs.json --keys sleutels.json`).
 */
export function createReceiptKeysHandler(deps: Pick<Deps, 'receiptSigner'>) {
  return httpHandler(async () => jsonResponse(200, { keys: await deps.receiptSigner.publicKeys() }), 'json');
}
