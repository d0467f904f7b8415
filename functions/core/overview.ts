import { dueText, undatedText } from './instance.js';
import { dutchMonths } from './time.js';
import { kindLabel, shownStatus, shownStatuses, statusLabel, type InstanceRecords, type Party, type ShownStatus, type StoredStatus } from './model.js';
import type { DeliverableKind } from './template.js';

/**
 * What the dashboard shows of a cycle year, computed from the stored records and the clock: one row
 * per deliverable instance, counts per status, and the year as months with a lane per party.
 */
export interface OverviewRow {
  instanceId: string;
  title: string;
  kind: DeliverableKind;
  kindLabel: string;
  partyId: string;
  partyName: string;
  status: ShownStatus;
  statusLabel: string;
  /** The last day (ISO), when known. */
  lastDay?: string;
  /** "uiterlijk …", or what the deadline waits for. */
  dueText: string;
  clauses: string;
  submissions: number;
  lastSubmittedAt?: string;
  noticesSent: number;
}


export function overviewRows(records: InstanceRecords[], parties: Party[], now: Date): OverviewRow[] {
  const partyName = (id: string) => parties.find((p) => p.partyId === id)?.name ?? id;
  return records
    .map(({ instance, submissions, notices }): OverviewRow => {
      const status = shownStatus(instance, now);
      const timing = instance.timing;
      const last = [...submissions].sort((a, b) => b.version - a.version)[0];
      return {
        instanceId: instance.instanceId,
        title: instance.title,
        kind: instance.kind,
        kindLabel: kindLabel[instance.kind],
        partyId: instance.responsible,
        partyName: partyName(instance.responsible),
        status,
        statusLabel: statusLabel[status],
        ...(timing.state === 'dated' ? { lastDay: timing.lastDay } : {}),
        dueText: timing.state === 'dated' ? `uiterlijk ${dueText(instance)}` : undatedText(timing),
        clauses: [...new Set(instance.clauses.map((c) => c.sourceLabel ?? c.clause))].join(', '),
        submissions: submissions.length,
        ...(last ? { lastSubmittedAt: last.submittedAt } : {}),
        noticesSent: notices.filter((n) => n.state === 'sent').length,
      };
    })
    .sort(byDueDate('oplopend'));
}

export type SortOrder = 'oplopend' | 'aflopend';

/** By last day; instances without a date last either way, then by title. */
export function byDueDate(order: SortOrder) {
  return (a: OverviewRow, b: OverviewRow) => {
    if (a.lastDay && b.lastDay && a.lastDay !== b.lastDay) return order === 'oplopend' ? a.lastDay.localeCompare(b.lastDay) : b.lastDay.localeCompare(a.lastDay);
    if (a.lastDay && !b.lastDay) return -1;
    if (!a.lastDay && b.lastDay) return 1;
    return a.title.localeCompare(b.title, 'nl') || a.instanceId.localeCompare(b.instanceId);
  };
}

export interface RowFilter {
  partij?: string;
  soort?: string;
  status?: string;
  /** A month (`2027-02`: the last day in it), or `zonder` (no date yet). */
  maand?: string;
  sorteer?: SortOrder;
}

/** The `maand` of the deliverables without a date yet. */
export const NO_DATE = 'zonder';

/** Whether a last day falls in the filter's month (`zonder`: there is none yet). */
const inMonth = (lastDay: string | undefined, maand: string | undefined) => !maand || (maand === NO_DATE ? !lastDay : !!lastDay?.startsWith(maand));

export function filterRows(rows: OverviewRow[], filter: RowFilter): OverviewRow[] {
  return rows
    .filter(
      (r) =>
        (!filter.partij || r.partyId === filter.partij) &&
        (!filter.soort || r.kind === filter.soort) &&
        (!filter.status || r.status === filter.status) &&
        inMonth(r.lastDay, filter.maand),
    )
    .sort(byDueDate(filter.sorteer ?? 'oplopend'));
}

/**
 * What the cycle's summary keeps of an instance (adapters/store/summary.ts): enough to count it
 * under its status and place it in the year, without reading the instance.
 */
export interface SummaryRow {
  instanceId: string;
  partyId: string;
  status: StoredStatus;
  lastDay?: string;
  lateFrom?: string;
}

/** A summary row as the Jaaroverzicht counts it: its party, its last day and the status the clock gives it. */
export interface PlacedRow {
  partyId: string;
  lastDay?: string;
  status: ShownStatus;
}

export function placedRows(rows: SummaryRow[], now: Date): PlacedRow[] {
  const placed: PlacedRow[] = [];
  for (const { partyId, status, lastDay, lateFrom } of rows) {
    if (!lastDay) placed.push({ partyId, status: status === 'open' ? 'gepland' : status });
    else placed.push({ partyId, lastDay, status: lateFrom ? shownStatus({ status, timing: { state: 'dated', lastDay, lateFrom } }, now) : status === 'open' ? 'gepland' : status });
  }
  return placed;
}

/** The rows of full records as the summary keeps them: what a full read computes, to compare with and to build from. */
export function summaryRowsOf(records: InstanceRecords[]): SummaryRow[] {
  return records.map(({ instance: { instanceId, responsible, status, timing } }) => ({
    instanceId,
    partyId: responsible,
    status,
    ...(timing.state === 'dated' ? { lastDay: timing.lastDay, lateFrom: timing.lateFrom } : {}),
  }));
}

export function statusCounts(rows: { status: ShownStatus }[]): { status: ShownStatus; label: string; count: number }[] {
  const counts = new Map<ShownStatus, number>();
  for (const { status } of rows) counts.set(status, (counts.get(status) ?? 0) + 1);
  return shownStatuses.map((status) => ({ status, label: statusLabel[status], count: counts.get(status) ?? 0 }));
}

export interface TimelineMonth {
  /** YYYY-MM */
  key: string;
  label: string;
}

export interface Timeline<R extends { partyId: string; lastDay?: string } = OverviewRow> {
  months: TimelineMonth[];
  lanes: { partyId: string; partyName: string; cells: R[][]; undated: R[] }[];
}

/**
 * The year as months (January to December of the cycle year, widened to any deadline before or
 * after it, such as the advice request in the December before), one lane per party that owes
 * something, and per lane the deliverables without a date yet.
 */
export function timeline<R extends { partyId: string; lastDay?: string }>(rows: R[], parties: Party[], year: number): Timeline<R> {
  const keys = new Set<string>();
  for (let m = 1; m <= 12; m++) keys.add(`${year}-${String(m).padStart(2, '0')}`);
  for (const r of rows) if (r.lastDay) keys.add(r.lastDay.slice(0, 7));
  const sorted = [...keys].sort();
  const months: TimelineMonth[] = [];
  for (let key = sorted[0]!; key <= sorted.at(-1)!; key = nextMonth(key)) {
    const [y, m] = key.split('-').map(Number) as [number, number];
    months.push({ key, label: `${dutchMonths[m - 1]} ${y}` });
  }
  // One pass over the rows: each to its party's month (the month its last day starts with) or undated.
  const monthAt = new Map(months.map((m, i) => [m.key, i]));
  const placed = new Map<string, { cells: R[][]; undated: R[] }>();
  for (const r of rows) {
    let own = placed.get(r.partyId);
    if (!own) placed.set(r.partyId, (own = { cells: months.map(() => []), undated: [] }));
    if (!r.lastDay) own.undated.push(r);
    else {
      const at = monthAt.get(r.lastDay.slice(0, 7));
      if (at !== undefined) own.cells[at]!.push(r);
    }
  }
  const known = new Set(parties.map((p) => p.partyId));
  const lanes = [...parties.filter((p) => placed.has(p.partyId)), ...[...placed.keys()].filter((id) => !known.has(id)).map((partyId) => ({ partyId, name: partyId }))].map((p) => ({
    partyId: p.partyId,
    partyName: p.name,
    ...placed.get(p.partyId)!,
  }));
  return { months, lanes };
}

function nextMonth(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
