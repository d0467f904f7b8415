import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { planYear, slotsOfPlanned, type CycleFacts, type PlannedInstance } from '../functions/core/calendar.js';
import { calendarJson } from '../functions/core/calendar-json.js';
import { cycleIcs } from '../functions/core/ics.js';
import { checkTemplate } from '../functions/core/template-file.js';
import { yearOutsideTemplate, type CycleTemplate } from '../functions/core/template.js';
import { dutchDate, parseIsoDate, ZONE } from '../functions/core/time.js';
import { DateTime } from 'luxon';

const usage = `npm run cycle -- <opdracht> [opties]

  check    --template <bestand>                 controleert een cyclussjabloon
  calendar --template <bestand> --year <JJJJ> [--format table|json|ics] [--facts <bestand>]
                                                alle leveringen van dat jaar, op datum
           --facts: YAML met vastgelegde datums (meetingDates, eventDates), bv.
                    meetingDates: { voorjaarsoverleg: 2027-04-12T19:30 }
`;

export class CliError extends Error {}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${what} ${file} kan niet worden gelezen.`);
  }
}

export function loadTemplate(file: string | undefined): CycleTemplate {
  if (!file) throw new CliError('geef een sjabloon op met --template <bestand>.');
  const checked = checkTemplate(readText(file, 'het sjabloon'));
  if (!checked.ok) throw new CliError(`${file} is geen geldig sjabloon:\n${checked.problems.map((p) => `  - ${p}`).join('\n')}`);
  return checked.template;
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'moet JJJJ-MM-DD of JJJJ-MM-DDTUU:MM zijn');
const factsSchema = z.object({
  meetingDates: z.record(z.string(), z.union([isoDay, z.date().transform((d) => d.toISOString().slice(0, 10))])).default({}),
  eventDates: z.record(z.string(), z.union([isoDay, z.date().transform((d) => d.toISOString().slice(0, 10))])).default({}),
});

export function loadFacts(file: string | undefined): CycleFacts {
  if (!file) return {};
  const parsed = factsSchema.safeParse(parse(readText(file, 'het bestand')) ?? {});
  if (!parsed.success) throw new CliError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function parseYear(value: string | undefined): number {
  if (!value) throw new CliError('geef een jaar op met --year <JJJJ>.');
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || year < 2000 || year > 2200) throw new CliError(`--year moet een jaartal zijn zoals 2027, niet "${value}".`);
  return year;
}

function localTime(at: Date): string {
  return DateTime.fromJSDate(at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
}

function when(i: PlannedInstance): string {
  if (i.timing.state === 'dated') {
    const shifted = i.timing.shiftedFrom ? ` (verschoven van ${i.timing.shiftedFrom})` : '';
    return `${i.timing.lastDay} ${dutchDate(parseIsoDate(i.timing.lastDay)).split(' ')[0]}${shifted}`;
  }
  if (i.timing.state === 'waiting') return `wacht op ${i.timing.waitingFor.title}`;
  return `open: ${i.timing.window.from} – ${i.timing.window.to} (${i.timing.note})`;
}

function table(template: CycleTemplate, year: number, instances: PlannedInstance[]): string {
  const party = (id: string) => template.parties.find((p) => p.id === id)?.name ?? id;
  const lines = [`${template.title} — cyclus ${year} (${instances.length} leveringen, tijden in Europe/Amsterdam)`, ''];
  for (const i of instances) {
    lines.push(`${when(i)}`);
    lines.push(`  ${i.title}`);
    lines.push(`  door ${party(i.responsible)}${i.inform.length ? `; informeert ${i.inform.map(party).join(', ')}` : ''}`);
    if (i.timing.state === 'dated') {
      lines.push(`  te laat vanaf ${i.timing.lateFrom} (UTC)`);
      const slots = slotsOfPlanned(i).filter((s) => s.kind === 'reminder');
      if (slots.length) lines.push(`  herinneringen ${slots.map((s) => localTime(s.at)).join(', ')}`);
    }
    lines.push(`  afspraak ${[...new Set(i.clauses.map((c) => `${c.clause} (${c.agreement})`))].join('; ')}`);
    lines.push('');
  }
  return lines.join('\n');
}

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(usage);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      template: { type: 'string' },
      year: { type: 'string' },
      format: { type: 'string', default: 'table' },
      facts: { type: 'string' },
    },
    strict: true,
  });
  switch (command) {
    case 'check': {
      const template = loadTemplate(values.template);
      console.log(`${values.template}: geldig — ${template.deliverables.length} leveringen, ${template.parties.length} partijen.`);
      return;
    }
    case 'calendar': {
      const template = loadTemplate(values.template);
      const year = parseYear(values.year);
      const outside = yearOutsideTemplate(template, year);
      if (outside) throw new CliError(outside);
      const instances = planYear(template, year, loadFacts(values.facts));
      if (values.format === 'json') console.log(JSON.stringify(calendarJson(template.id, year, instances), null, 2));
      else if (values.format === 'ics') {
        const partyNames = Object.fromEntries(template.parties.map((p) => [p.id, p.name]));
        // DTSTAMP is 1 January of the cycle year, 00:00 UTC, not the time of the run: the output depends
        // on the template, year and facts only, so two runs print the same bytes.
        const stamp = new Date(Date.UTC(year, 0, 1));
        process.stdout.write(cycleIcs(instances, { name: `${template.title} ${year}`, templateId: template.id, year, partyNames, stamp }));
      } else if (values.format === 'table') console.log(table(template, year, instances));
      else throw new CliError(`--format moet table, json of ics zijn, niet "${values.format}".`);
      return;
    }
    default:
      throw new CliError(`onbekende opdracht "${command}".\n\n${usage}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`cycle: ${(error as Error).message}`);
      process.exitCode = 2;
    } else throw error;
  }
}
