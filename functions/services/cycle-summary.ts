import type { Store } from '../adapters/store/index.js';
import { summaryRowsOf, type SummaryRow } from '../core/overview.js';

/**
 * The rows of a cycle's summary: one read of one item. A cycle opened before summaries existed is
 * read in full, until the hourly reconciler has built its summary (a page only reads).
 */
export async function cycleSummary(store: Store, tenantId: string, year: number): Promise<SummaryRow[]> {
  const rows = await store.summaries.read(tenantId, year);
  if (rows) return rows;
  return summaryRowsOf(await store.cycles.loadCycle(tenantId, year));
}
