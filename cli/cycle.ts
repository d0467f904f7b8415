import { parseArgs } from 'node:util';
import { planWarnings, planYear, slotsOfPlanned, type CycleFacts, type PlannedInstance } from '../functions/core/calendar.js';
import { calendarJson } from '../functions/core/calendar-json.js';
import { cycleIcs } from '../functions/core/ics.js';
import { suggestion } from '../functions/core/suggest.js';
import { yearOutsideTemplate, type CycleTemplate } from '../functions/core/template.js';
import { dutchDate, localDateOf, parseIsoDate, ZONE } from '../functions/core/time.js';
import { DateTime } from 'luxon';
import { CliError, loadFacts, loadTemplate, parseYear } from './cycle-input.js';

const usage = `npm run cycle -- <opdracht> [opties]

  check    --template <bestand> [--year <JJJJ>] [--facts <bestand>]
                                                controleert een cyclussjabloon, de citaten tegen de
                                                bronteksten (sources/) en de planning van de
                                                vergaderingen (standaard: het komende jaar)
  calendar --template <bestand> --year <JJJJ> [--format table|json|ics] [--facts <bestand>]
                                                alle leveringen van dat jaar, op datum
           --facts: YAML met vastgelegde datums (meetingDates, eventDates), bv.
                    meetingDates: { voorjaarsoverleg: 2027-04-12T19:30 }
`;

/**
 * The plan checks (too few meetings for the procesafspraken; next year's not planned in time) for
 * `year`, by default the year after today. When the template does not cover that year, the checks
 * run on its last year with every meeting at the start of its window: only what the template
 * itself breaks is left.
 */
function planCheck(template: CycleTemplate, yearOption: string | undefined, factsFile: string | undefined): string[] {
  const today = localDateOf(new Date());
  const next = today.year + 1;
  const year = yearOption ? parseYear(yearOption) : yearOutsideTemplate(template, next) ? undefined : next;
  if (year !== undefined) {
    const outside = yearOutsideTemplate(template, year);
    if (outside) throw new CliError(outside);
    return planWarnings(template, year, loadFacts(factsFile, template, year), today);
  }
  if (factsFile) throw new CliError(`geef bij --facts ook het jaar op met --year <JJJJ>; het komende jaar, ${next}, valt buiten het sjabloon.`);
  const last = template.validTo;
  const two = (n: number) => String(n).padStart(2, '0');
  const asLaidOut: CycleFacts = { meetingDates: Object.fromEntries(template.meetings.map((m) => [m.id, `${last}-${two(m.window.from.month)}-${two(m.window.from.day)}`])) };
  return planWarnings(template, last, asLaidOut, today);
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
      const { template, uncheckedSources } = loadTemplate(values.template);
      for (const agreement of uncheckedSources) console.error(`cycle: let op: de brontekst ${agreement}.txt is niet gevonden; de citaten daaruit zijn niet gecontroleerd.`);
      for (const warning of planCheck(template, values.year, values.facts)) console.error(`cycle: waarschuwing: ${warning}`);
      console.log(`${values.template}: geldig — ${template.deliverables.length} leveringen, ${template.parties.length} partijen.`);
      return;
    }
    case 'calendar': {
      const { template } = loadTemplate(values.template);
      const year = parseYear(values.year);
      const outside = yearOutsideTemplate(template, year);
      if (outside) throw new CliError(outside);
      const instances = planYear(template, year, loadFacts(values.facts, template, year));
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

const options = ['--template', '--year', '--format', '--facts'];

/** Node's own messages on bad arguments, in Dutch. */
function argumentMessage(error: Error & { code?: string }): string | undefined {
  const option = /'([^' ]*)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `onbekende optie ${option}${suggestion(option, options)}\n\n${usage}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${option} heeft een waarde nodig, bv. ${option} ${option === '--year' ? '2027' : '<bestand>'}.`;
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `onverwacht argument ${option}; geef opties als --naam waarde.\n\n${usage}`;
  return error.code?.startsWith('ERR_PARSE_ARGS') ? `de opties kloppen niet.\n\n${usage}` : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof CliError ? error.message : argumentMessage(error as Error);
    if (message !== undefined) {
      console.error(`cycle: ${message}`);
      process.exitCode = 2;
    } else if (process.env.CYCLE_DEBUG) throw error;
    else {
      // A fault of this program, not of the input: said in Dutch, the stack only on request.
      console.error(`cycle: interne fout (${(error as Error).message}). Meld dit met het sjabloon erbij; CYCLE_DEBUG=1 toont de details.`);
      process.exitCode = 1;
    }
  }
}
