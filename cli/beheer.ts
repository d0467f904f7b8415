import { parseArgs } from 'node:util';
import { readContactsCsv } from '../functions/core/contacts-csv.js';
import { suggestion } from '../functions/core/suggest.js';
import {
  AdminError,
  applyContactImport,
  createTenant,
  planContactImport,
  setCoordinator,
  setOpeningDay,
} from '../functions/services/administration.js';
import { runTemplateCommand, templateCommands, templateUsage } from './beheer-templates.js';
import { connect, localDefaults, type Target } from './beheer-target.js';
import { runUserCommand, userCommands, userOptionSpec, userTargetUsage, userUsage } from './beheer-users.js';
import { CliError, readText } from './cycle-input.js';

const usage = `npm run beheer -- <onderwerp> <opdracht> [opties] [doel]

  tenant aanmaken       --id <id> --naam "Gemeente X" [--afzender "Prestatieafspraken X"]
                        [--antwoordadres coordinator@x.nl] [--tijdzone Europe/Amsterdam]
                                      maakt een gemeente aan; een bestaande id alleen als alles gelijk is
  tenant openingsdatum  --tenant <id> --datum <dag-maand|uit>
                                      elk jaar op deze dag (bv. 1-12) opent de cyclus van het jaar erna
                                      vanzelf, met de sjablonen in gebruik; uit: de coördinator opent hem.
                                      Vanaf november krijgt de coördinator een mail zolang er geen sjabloon
                                      voor het volgende jaar is
  contacten importeren  --tenant <id> --bestand contacten.csv [--uitvoeren]
                                      partijen en contacten uit een CSV uit Excel (puntkomma's), met de
                                      kolommen partij;partijnaam;rol;contact;naam;e-mail;coördinator;actief
                                      zonder --uitvoeren: een proefdraai die toont wat er verandert
  coordinator instellen --tenant <id> --partij <partij> --contact <contact> [--uit]
                                      maakt een contact coördinator (ontvangt de escalaties); --uit: niet meer
${templateUsage}
${userUsage}

  doel (standaard de lokale omgeving van npm start: ${localDefaults.endpoint}, tabel ${localDefaults.table})
    --endpoint <url> --tabel <naam>   een andere DynamoDB Local
    --aws --tabel <naam> [--regio eu-west-1]
                                      de echte DynamoDB, met uw AWS-inloggegevens (AWS_PROFILE, aws sso login)
${userTargetUsage}

  --tijdzone, --afzender en --antwoordadres worden opgeslagen, de mail en de planning gebruiken ze
  nog niet.
`;

const optionSpec = {
  id: { type: 'string' },
  naam: { type: 'string' },
  afzender: { type: 'string' },
  antwoordadres: { type: 'string' },
  tijdzone: { type: 'string' },
  tenant: { type: 'string' },
  bestand: { type: 'string' },
  partij: { type: 'string' },
  contact: { type: 'string' },
  uit: { type: 'boolean', default: false },
  jaar: { type: 'string' },
  datum: { type: 'string' },
  versie: { type: 'string', multiple: true },
  uitvoeren: { type: 'boolean', default: false },
  aws: { type: 'boolean', default: false },
  endpoint: { type: 'string' },
  tabel: { type: 'string' },
  regio: { type: 'string' },
  help: { type: 'boolean', default: false },
  ...userOptionSpec,
} as const;
type Values = ReturnType<typeof parseArgs<{ options: typeof optionSpec; strict: true }>>['values'];

const commands = ['tenant aanmaken', 'tenant openingsdatum', 'contacten importeren', 'coordinator instellen', ...templateCommands, ...userCommands];
const indent = (lines: string[]) => lines.map((l) => `  ${l}`).join('\n');
const dryRun = 'Proefdraai: er is niets opgeslagen. Voer het uit met --uitvoeren.';

function need(values: Values, name: 'id' | 'naam' | 'tenant' | 'bestand' | 'partij' | 'contact', example: string): string {
  const value = values[name];
  if (!value) throw new CliError(`geef --${name} op, bv. --${name} ${example}.`);
  return value;
}

async function run(target: Target, command: string, values: Values): Promise<void> {
  const { store } = target;
  switch (command) {
    case 'tenant aanmaken': {
      const input = {
        tenantId: need(values, 'id', 'amersfoort'),
        name: need(values, 'naam', '"Gemeente Amersfoort"'),
        ...(values.afzender !== undefined ? { senderName: values.afzender } : {}),
        ...(values.antwoordadres !== undefined ? { replyTo: values.antwoordadres } : {}),
        ...(values.tijdzone !== undefined ? { timeZone: values.tijdzone } : {}),
      };
      const { tenant, created } = await createTenant(store, input);
      console.log(`Gemeente ${tenant.tenantId} (${tenant.name}) ${created ? 'aangemaakt' : 'bestond al met precies deze gegevens; niets gewijzigd'} — ${target.described}.`);
      return;
    }
    case 'tenant openingsdatum': {
      const tenantId = need(values, 'tenant', 'amersfoort');
      const tenant = await setOpeningDay(store, tenantId, values.datum ?? '');
      const on = tenant.opensNextYearOn;
      console.log(on ? `Gemeente ${tenantId}: de cyclus van het volgende jaar opent elk jaar op ${on.day}-${on.month}.` : `Gemeente ${tenantId}: de coördinator opent de cyclus van het volgende jaar zelf.`);
      return;
    }
    case 'contacten importeren': {
      const tenantId = need(values, 'tenant', 'amersfoort');
      const file = need(values, 'bestand', 'contacten.csv');
      const read = readContactsCsv(readText(file, 'het bestand'));
      if (!read.ok) throw new CliError(`${file} klopt niet; er is niets geïmporteerd:\n${indent(read.problems.map((p) => `- ${p}`))}`);
      const plan = await planContactImport(store, tenantId, read.rows);
      console.log(`Contacten voor gemeente ${tenantId} uit ${file} (${read.rows.length} regels) — ${target.described}`);
      console.log(plan.changes.length ? indent(plan.changes) : '  geen wijzigingen');
      if (plan.unchanged) console.log(`  ongewijzigd: ${plan.unchanged} contact${plan.unchanged === 1 ? '' : 'en'}`);
      if (plan.notInFile.length) console.log(`  niet in het bestand, blijven zoals ze zijn: ${plan.notInFile.join(', ')} (deactiveren: kolom actief nee)`);
      if (!values.uitvoeren) return console.log(dryRun);
      await applyContactImport(store, plan);
      console.log(`Opgeslagen: ${plan.parties.length} partij${plan.parties.length === 1 ? '' : 'en'} en ${plan.contacts.length} contact${plan.contacts.length === 1 ? '' : 'en'} geschreven.`);
      return;
    }
    case 'coordinator instellen': {
      const tenantId = need(values, 'tenant', 'amersfoort');
      const partyId = need(values, 'partij', 'gemeente-amersfoort');
      const contactId = need(values, 'contact', 'coordinator');
      const coordinators = await setCoordinator(store, tenantId, partyId, contactId, !values.uit);
      console.log(`${partyId}/${contactId} is ${values.uit ? 'geen coördinator meer' : 'coördinator'} van gemeente ${tenantId}.`);
      console.log(
        coordinators.length
          ? `Coördinatoren (ontvangen de escalaties):\n${indent(coordinators.map((c) => `${c.partyId}/${c.contactId}: ${c.name} <${c.email}>`))}`
          : 'Let op: gemeente heeft nu geen coördinator; escalaties komen nergens aan.',
      );
      return;
    }
    default:
      if (templateCommands.includes(command)) return runTemplateCommand(target, command, values);
      if (userCommands.includes(command)) return runUserCommand(target, command, values);
  }
}

async function main(argv: string[]): Promise<void> {
  const words = argv.slice(0, 2).filter((w) => !w.startsWith('-'));
  const command = words.join(' ').normalize('NFD').replace(/\p{Diacritic}/gu, ''); // coördinator = coordinator
  const { values } = parseArgs({ args: argv.slice(words.length), options: optionSpec, strict: true });
  if (!command || values.help || command === 'help') return console.log(usage);
  if (!commands.includes(command)) throw new CliError(`onbekende opdracht "${command}"${suggestion(command, commands)}\n\n${usage}`);
  const target = await connect(values);
  try {
    await run(target, command, values);
  } finally {
    target.close();
  }
}

const optionNames = Object.keys(optionSpec).map((o) => `--${o}`);

/** Node's own messages on bad arguments, in Dutch. */
function argumentMessage(error: Error & { code?: string }): string | undefined {
  const option = /'([^' ]*)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `onbekende optie ${option}${suggestion(option, optionNames)}\n\n${usage}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${option} heeft een waarde nodig (of geen, bij --uitvoeren, --aws, --uit en --beheerder).`;
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `onverwacht argument ${option}; geef opties als --naam waarde.\n\n${usage}`;
  return error.code?.startsWith('ERR_PARSE_ARGS') ? `de opties kloppen niet.\n\n${usage}` : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    const message =
      error instanceof CliError ? error.message
      : error instanceof AdminError ? `er is niets gewijzigd:\n${indent(error.problems.map((p) => `- ${p}`))}`
      : argumentMessage(error as Error);
    if (message !== undefined) {
      console.error(`beheer: ${message}`);
      process.exitCode = 2;
    } else if (process.env.CYCLE_DEBUG) throw error;
    else {
      console.error(`beheer: interne fout (${(error as Error).message}); er kan een deel zijn geschreven. Meld dit; CYCLE_DEBUG=1 toont de details.`);
      process.exitCode = 1;
    }
  }
}
