import { followedGroup, generatedMeetings, groupOf, partiesOfRole, placeholder, type Who } from './template-expand.js';
import type { TemplateSource } from './template.js';

/**
 * The checks of a template's timing rules and who they are for, on the template as written (so
 * every path points at a line of the YAML), before per-party deliverables, per-party events and
 * generated meetings are expanded.
 */

type Path = (string | number)[];
type Issue = (path: Path, message: string) => void;

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const dutchList = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} en ${words.at(-1)}`);

/**
 * Why a yearly date cannot be used, or undefined. A fixed date must exist in every year, so
 * 29 February is refused rather than moved silently to 28 February or 1 March: an agreement that
 * says "eind februari" means the month's last day, which `day: last` gives in every year. (Before
 * this check, `{ month: 2, day: 29 }` passed and planning 2027 crashed with a RangeError.)
 */
export function yearlyDayProblem(month: number, day: number | 'last'): string | undefined {
  if (day === 'last') return undefined;
  if (month === 2 && day === 29) return '29 februari bestaat niet in elk jaar; schrijf day: last voor de laatste dag van februari';
  return day > daysInMonth[month - 1]! ? 'die dag bestaat niet in die maand' : undefined;
}

/**
 * Ids must stay unique once written out per party: `bod` for party `wsl-x` and `bod-wsl` for party
 * `x` would both give `bod-wsl-x`, and `bod-wsl` may already stand in the template.
 */
function uniqueExpanded<T extends { id: string }>(issue: Issue, key: string, items: T[], expand: (item: T) => string[] | undefined): void {
  const seen = new Map<string, { i: number; expanded: boolean }>();
  items.forEach((item, i) => {
    const ids = expand(item);
    for (const id of ids ?? [item.id]) {
      const before = seen.get(id);
      if (before && before.i !== i && (ids || before.expanded)) issue([key, i, 'id'], `"${id}" komt twee keer voor als de ${key === 'events' ? 'gebeurtenissen' : 'leveringen'} per partij zijn uitgeschreven`);
      seen.set(id, { i, expanded: ids !== undefined });
    }
  });
}

function exactlyOne(issue: Issue, path: Path, due: object, keys: string[]): void {
  const given = keys.filter((k) => (due as Record<string, unknown>)[k] !== undefined);
  if (given.length !== 1) issue(path, `geef precies één van ${dutchList(keys)}`);
}

/** Checks everything per-party expansion, generated meetings and the timing rules depend on. */
export function checkRules(t: TemplateSource, issue: Issue, party: (path: Path, id: string) => void): void {
  const who = (path: Path, w: Who) => {
    if (typeof w === 'string') party(path, w);
    else if (partiesOfRole(t, w.role).length === 0) issue([...path, 'role'], `geen partij met de rol ${w.role}`);
  };
  const single = '{partij} kan alleen in iets per partij (responsible of recordedBy: { role: … })';
  t.events.forEach((e, i) => {
    who(['events', i, 'recordedBy'], e.recordedBy);
    if (typeof e.recordedBy === 'string' && placeholder.test(e.title)) issue(['events', i, 'title'], single);
  });
  const meetingIds = new Set(t.meetings.map((m) => m.id));
  t.meetingSeries.forEach((s, i) => {
    if (s.perYear === undefined) return;
    if (t.meetings.some((m) => m.series === s.id)) issue(['meetingSeries', i, 'perYear'], 'geef perYear of losse vergaderingen (meetings) voor deze reeks, niet allebei');
    for (const m of generatedMeetings(s)) if (meetingIds.has(m.id)) issue(['meetingSeries', i, 'perYear'], `de vergadering "${m.id}" bestaat al`);
  });
  const periods = new Set(t.periods.map((p) => p.id));
  const series = new Set(t.meetingSeries.map((s) => s.id));
  const events = new Set(t.events.map((e) => e.id));
  const deliverables = new Map(t.deliverables.map((d) => [d.id, d]));
  const perPartyEvent = (e: (typeof t.events)[number]) => (typeof e.recordedBy === 'string' ? undefined : partiesOfRole(t, e.recordedBy.role).map((p) => `${e.id}-${p.id}`));
  const eventIds = new Set(t.events.flatMap((e) => perPartyEvent(e) ?? [e.id]));
  uniqueExpanded(issue, 'events', t.events, perPartyEvent);
  uniqueExpanded(issue, 'deliverables', t.deliverables, (d) => groupOf(t, d)?.map((p) => `${d.id}-${p.id}`));
  t.deliverables.forEach((d, i) => {
    const at = (...rest: Path) => ['deliverables', i, ...rest];
    who(at('responsible'), d.responsible);
    if (Array.isArray(d.inform)) d.inform.forEach((p, j) => party(at('inform', j), p));
    const group = groupOf(t, d);
    for (const key of ['title', 'description'] as const) if (!group && placeholder.test(d[key])) issue(at(key), single);
    const due = d.due;
    switch (due.rule) {
      case 'fixed':
      case 'sign-off': {
        const problem = yearlyDayProblem(due.month, due.day);
        if (problem) issue(at('due', 'day'), problem);
        if (due.rule === 'sign-off') {
          due.signers.forEach((s, j) => party(at('due', 'signers', j), s));
          if (typeof d.responsible !== 'string') issue(at('responsible'), 'een ondertekening is niet per partij: noem de ondertekenaars in signers');
        }
        break;
      }
      case 'recurring':
        if (!periods.has(due.period)) issue(at('due', 'period'), `onbekende periode "${due.period}"`);
        exactlyOne(issue, at('due'), due, ['daysAfterEnd', 'workingDaysAfterEnd', 'monthsAfterEnd']);
        break;
      case 'relative': {
        exactlyOne(issue, at('due'), due, ['event', 'afterDeliverable']);
        exactlyOne(issue, at('due'), due, ['days', 'workingDays', 'months']);
        if (due.event !== undefined && !events.has(due.event) && !eventIds.has(due.event)) issue(at('due', 'event'), `onbekende gebeurtenis "${due.event}"`);
        if (due.afterDeliverable !== undefined) {
          if (!deliverables.has(due.afterDeliverable)) issue(at('due', 'afterDeliverable'), `onbekende levering "${due.afterDeliverable}"`);
          if (due.afterDeliverable === d.id) issue(at('due', 'afterDeliverable'), 'een levering kan niet op zichzelf volgen');
        }
        // Per party, paired: WSL's follower follows WSL's instance, so each of its parties needs one.
        const followed = followedGroup(t, d);
        if (followed && typeof d.responsible !== 'string') {
          const missing = partiesOfRole(t, d.responsible.role).filter((p) => !followed.some((f) => f.id === p.id));
          if (missing.length > 0) issue(at('responsible'), `volgt iets per partij, maar niet voor ${dutchList(missing.map((p) => p.id))}`);
        }
        break;
      }
      case 'meeting':
        if (!series.has(due.series)) issue(at('due', 'series'), `onbekende vergaderreeks "${due.series}"`);
        exactlyOne(issue, at('due'), due, ['daysBefore', 'daysAfter', 'workingDaysBefore', 'workingDaysAfter']);
        break;
      case 'repeat':
        exactlyOne(issue, at('due'), due, ['day', 'weekday', 'daysAfterEnd', 'workingDaysAfterEnd']);
        if (due.day !== undefined && due.every !== 'month') issue(at('due', 'day'), 'day hoort bij every: month; gebruik weekday bij every: week');
        if (due.weekday !== undefined && due.every !== 'week') issue(at('due', 'weekday'), 'weekday hoort bij every: week; gebruik day bij every: month');
        if (typeof due.day === 'number' && due.day > 28) issue(at('due', 'day'), `de ${due.day}e bestaat niet in elke maand; schrijf day: last voor de laatste dag van de maand`);
        break;
      case 'open':
        break;
    }
  });
}
