import type { Store } from '../adapters/store/index.js';
import type { ComposedTemplate } from '../adapters/store/templates.js';
import type { Cycle } from '../core/model.js';

/**
 * The template a cycle year reads: the versions it was opened with or moved to, composed. A cycle
 * not opened yet, or opened before versions were kept, reads the versions in use for its year.
 * Undefined when no template covers the year.
 */
export async function cycleTemplate(store: Store, tenantId: string, year: number, known?: Cycle): Promise<ComposedTemplate | undefined> {
  const cycle = known ?? (await store.cycles.get(tenantId, year));
  const refs = cycle?.templates ?? (await store.templates.forYear(tenantId, year)).map(({ id, version }) => ({ id, version }));
  if (!refs.length) return undefined;
  return store.templates.composed(tenantId, refs);
}
