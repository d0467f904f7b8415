import type { TemplateSource } from './template.js';

/**
 * A template as written says "elke corporatie brengt een bod uit", "partijen sturen elkaar hun
 * jaarverslag" and "de uitvoeringsgroep komt vier keer per jaar bijeen" once. Parsing expands it
 * into what the planner, the store and the dashboard work with: one deliverable per party
 * (`bod-wsl`, `bod-de-alliantie`), one event per party, and the meetings of a series. The result
 * is itself a valid template, so ids are deterministic and a stored template needs no re-expansion.
 */

type Source = TemplateSource;
type SourceDeliverable = Source['deliverables'][number];
type SourceEvent = Source['events'][number];
type SourceSeries = Source['meetingSeries'][number];
type Party = Source['parties'][number];
type Role = Party['role'] | 'all';
export type Who = string | { role: Role };

export type ExpandedDeliverable = Omit<SourceDeliverable, 'responsible' | 'inform'> & { responsible: string; inform: string[] };
export type ExpandedEvent = Omit<SourceEvent, 'recordedBy'> & { recordedBy: string };
export type ExpandedSeries = Omit<SourceSeries, 'perYear'>;
export type ExpandedTemplate = Omit<Source, 'deliverables' | 'events' | 'meetingSeries'> & {
  deliverables: ExpandedDeliverable[];
  events: ExpandedEvent[];
  meetingSeries: ExpandedSeries[];
};

/** `{partij}` (or `{Partij}` at the start of a sentence) in a title or description: the party's short name. */
export const placeholder = /\{[pP]artij\}/;

export function partiesOfRole(t: Pick<Source, 'parties'>, role: Role): Party[] {
  return t.parties.filter((p) => role === 'all' || p.role === role);
}

const label = (p: Party) => p.shortName ?? p.name;
function fill(text: string, p: Party): string {
  const name = label(p);
  return text.replaceAll('{partij}', name).replaceAll('{Partij}', name.charAt(0).toUpperCase() + name.slice(1));
}

/** The parties a per-party event is recorded by, or undefined for a single event. */
function eventGroup(t: Source, e: SourceEvent | undefined): Party[] | undefined {
  return e && typeof e.recordedBy !== 'string' ? partiesOfRole(t, e.recordedBy.role) : undefined;
}

/** The parties of the per-party event or deliverable `d` follows (relative), or undefined. */
export function followedGroup(t: Source, d: SourceDeliverable, seen: ReadonlySet<string> = new Set()): Party[] | undefined {
  if (d.due.rule !== 'relative' || seen.has(d.id)) return undefined;
  const { event, afterDeliverable } = d.due;
  if (event !== undefined) return eventGroup(t, t.events.find((e) => e.id === event));
  const followed = t.deliverables.find((x) => x.id === afterDeliverable);
  return followed ? groupOf(t, followed, new Set([...seen, d.id])) : undefined;
}

/**
 * The parties a deliverable has one instance for: those of its role (`responsible: { role: … }`),
 * or, when it follows a per-party event or deliverable, the parties of that one ("de gemeente
 * besluit binnen drie weken op elk verzoek"); undefined for a single deliverable.
 */
export function groupOf(t: Source, d: SourceDeliverable, seen: ReadonlySet<string> = new Set()): Party[] | undefined {
  return typeof d.responsible !== 'string' ? partiesOfRole(t, d.responsible.role) : followedGroup(t, d, seen);
}

const ordinalTitles: Record<number, (i: number) => string> = {
  2: (i) => `${i}e halfjaar`,
  3: (i) => `${i}e tertiaal`,
  4: (i) => `${i}e kwartaal`,
  12: (i) => ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'][i - 1]!,
};
const monthLength = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Month and day of a day of a common year (1 = 1 January), so a window never names 29 February. */
function dayOfYear(n: number): { month: number; day: number } {
  let month = 1;
  let day = n;
  while (day > monthLength[month - 1]!) day -= monthLength[month++ - 1]!;
  return { month, day };
}

/**
 * The meetings of a series with `perYear: N`: ids `<series>-1` … `<series>-N`, each with a window
 * of an equal share of the year (whole months up to twelve a year: four give the quarters).
 */
export function generatedMeetings(s: SourceSeries): Source['meetings'] {
  const n = s.perYear ?? 0;
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const window =
      n <= 12
        ? { from: { month: Math.floor((12 * k) / n) + 1, day: 1 }, to: { month: Math.floor((12 * i) / n), day: monthLength[Math.floor((12 * i) / n) - 1]! } }
        : { from: dayOfYear(Math.floor((365 * k) / n) + 1), to: dayOfYear(Math.floor((365 * i) / n)) };
    const title = n === 1 ? s.title : `${s.title} ${ordinalTitles[n]?.(i) ?? `${i} van ${n}`}`;
    return { id: `${s.id}-${i}`, title, series: s.id, window };
  });
}

function expandDeliverable(t: Source, d: SourceDeliverable): ExpandedDeliverable[] {
  const inform = (responsible: string) => (d.inform === 'all-others' ? t.parties.map((p) => p.id) : d.inform).filter((p) => p !== responsible);
  const group = groupOf(t, d);
  if (!group) {
    const responsible = d.responsible as string;
    return [{ ...d, responsible, inform: inform(responsible) }];
  }
  return group.map((p) => {
    const responsible = typeof d.responsible === 'string' ? d.responsible : p.id;
    // A follower of a per-party event or deliverable follows the same party's one.
    const due = d.due;
    const paired = due.rule === 'relative' && followedGroup(t, d) ? { ...due, ...(due.event !== undefined ? { event: `${due.event}-${p.id}` } : { afterDeliverable: `${due.afterDeliverable}-${p.id}` }) } : due;
    const title = placeholder.test(d.title) ? fill(d.title, p) : `${d.title} (${label(p)})`;
    return { ...d, id: `${d.id}-${p.id}`, title, description: fill(d.description, p), responsible, inform: inform(responsible), due: paired };
  });
}

/** The template with every per-party deliverable and event, and every generated meeting, written out. */
export function expandTemplate(t: Source): ExpandedTemplate {
  const events = t.events.flatMap((e): ExpandedEvent[] =>
    typeof e.recordedBy === 'string'
      ? [{ ...e, recordedBy: e.recordedBy }]
      : partiesOfRole(t, e.recordedBy.role).map((p) => ({ ...e, id: `${e.id}-${p.id}`, title: placeholder.test(e.title) ? fill(e.title, p) : `${e.title} (${label(p)})`, recordedBy: p.id })),
  );
  return {
    ...t,
    events,
    meetingSeries: t.meetingSeries.map(({ perYear: _, ...s }) => s),
    meetings: [...t.meetings, ...t.meetingSeries.flatMap(generatedMeetings)],
    deliverables: t.deliverables.flatMap((d) => expandDeliverable(t, d)),
  };
}
