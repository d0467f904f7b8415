import type { Deps } from '../adapters/deps.js';
import { cycleIcs } from '../core/ics.js';
import type { InstanceRecords } from '../core/model.js';
import { cycleTemplate } from './cycle-template.js';

/**
 * The cycle year as calendars, read once: per party what it must deliver and what it is told of,
 * or, without a party, the whole year as the coordinator sees it.
 */
export async function yearCalendars(deps: Pick<Deps, 'store' | 'clock'>, tenantId: string, year: number, loaded?: InstanceRecords[]): Promise<(partyId?: string) => string> {
  const [records, directory, stored] = await Promise.all([
    loaded ?? deps.store.cycles.loadCycle(tenantId, year),
    deps.store.tenants.directory(tenantId),
    cycleTemplate(deps.store, tenantId, year),
  ]);
  const partyNames = Object.fromEntries(directory.parties.map((p) => [p.partyId, p.name]));
  return (partyId) =>
    cycleIcs(
      records.map((r) => r.instance).filter((i) => partyId === undefined || i.responsible === partyId || i.inform.includes(partyId)),
      {
        name: `Prestatieafspraken ${year} — ${partyId ? (partyNames[partyId] ?? partyId) : 'alle partijen'}`,
        templateId: stored?.template.id ?? 'cyclus',
        year,
        partyNames,
        stamp: deps.clock.now(),
      },
    );
}
