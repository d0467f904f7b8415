import { z } from 'zod';
import type { CycleFacts } from './calendar.js';
import { dutchError, issueProblems } from './dutch-issues.js';
import { suggestion } from './suggest.js';
import { obj, type CycleTemplate } from './template.js';
import { dutchMonths } from './time.js';
import { readYaml } from './yaml-file.js';

/**
 * A facts file (`cycle calendar --facts`): the dates recorded in a cycle year, checked like a
 * template, in Dutch, by path and line: the dates must exist, the ids must be the template's, a
 * meeting must fall in its window and everything in the cycle year.
 *
 *     meetingDates: { voorjaarsoverleg: 2027-04-12T19:30 }
 *     eventDates: { jaarverslag-vastgesteld-wsl: 2027-05-20 }
 */

export type FactsCheck = { ok: true; facts: CycleFacts } | { ok: false; problems: string[] };

/** Whether `2027-02-30` (or `2027-04-12T25:00`) is a real day and time; the format itself is checked first. */
function isRealDateTime(text: string): boolean {
  const [year, month, day, hour = 0, minute = 0] = (text.match(/\d+/g) ?? []).map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  const sameDay = date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day;
  return sameDay && hour < 24 && minute < 60;
}

const dateFormat = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/;
const dateText = z
  .string({ error: 'moet een datum zijn zoals 2027-04-12, of met tijd 2027-04-12T19:30' })
  .regex(dateFormat, 'moet JJJJ-MM-DD of JJJJ-MM-DDTUU:MM zijn, bv. 2027-04-12T19:30')
  .refine((text) => !dateFormat.test(text) || isRealDateTime(text), 'die datum of tijd bestaat niet');
/** Only a real date is compared with the template: a wrong one already has its message. */
const isDate = (text: string) => dateFormat.test(text) && isRealDateTime(text);

const factsSchema = obj({
  meetingDates: z.record(z.string(), dateText).default({}),
  eventDates: z.record(z.string(), dateText).default({}),
});

const monthDayText = (md: { month: number; day: number }) => `${md.day} ${dutchMonths[md.month - 1]}`;
const pad = (n: number) => String(n).padStart(2, '0');

function refersToTemplate(template: CycleTemplate, year: number) {
  return (facts: z.infer<typeof factsSchema>, ctx: z.RefinementCtx) => {
    const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const unknown = (what: string, id: string, known: string[]) =>
      `onbekende ${what}${suggestion(id, known) || (known.length ? `; het sjabloon kent ${known.join(', ')}` : '; het sjabloon kent er geen')}`;
    for (const [id, date] of Object.entries(facts.meetingDates)) {
      const meeting = template.meetings.find((m) => m.id === id);
      const path = ['meetingDates', id];
      if (!meeting) issue(path, unknown('vergadering', id, template.meetings.map((m) => m.id)));
      else if (!isDate(date)) continue;
      else if (!date.startsWith(`${year}-`)) issue(path, `valt niet in het cyclusjaar ${year}`);
      else {
        const day = date.slice(5, 10);
        const { from, to } = meeting.window;
        if (day < `${pad(from.month)}-${pad(from.day)}` || day > `${pad(to.month)}-${pad(to.day)}`) {
          issue(path, `valt buiten de periode van deze vergadering, ${monthDayText(from)} – ${monthDayText(to)} ${year}`);
        }
      }
    }
    for (const [id, date] of Object.entries(facts.eventDates)) {
      const path = ['eventDates', id];
      if (!template.events.some((e) => e.id === id)) issue(path, unknown('gebeurtenis', id, template.events.map((e) => e.id)));
      else if (isDate(date) && !date.startsWith(`${year}-`)) issue(path, `valt niet in het cyclusjaar ${year}`);
    }
  };
}

/** Parses and checks a facts file for `template`'s cycle `year`; every problem listed, never thrown. */
export function checkFacts(yamlText: string, template: CycleTemplate, year: number): FactsCheck {
  const read = readYaml(yamlText, 'het bestand');
  if (!read.ok) return read;
  const parsed = factsSchema.superRefine(refersToTemplate(template, year)).safeParse(read.data ?? {}, { error: dutchError });
  if (!parsed.success) return { ok: false, problems: issueProblems(parsed.error.issues, read.where) };
  return { ok: true, facts: parsed.data };
}
