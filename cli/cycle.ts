import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkTemplate } from '../functions/core/template-file.js';

const usage = `npm run cycle -- <opdracht> [opties]

  check    --template <bestand>                            controleert een cyclussjabloon
  calendar --template <bestand> --year <JJJJ> [--format table|json|ics]
                                                           alle leveringen van dat jaar, op datum
`;

export class CliError extends Error {}

export function loadTemplate(file: string | undefined) {
  if (!file) throw new CliError('geef een sjabloon op met --template <bestand>.');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`het sjabloon ${file} kan niet worden gelezen.`);
  }
  const checked = checkTemplate(text);
  if (!checked.ok) throw new CliError(`${file} is geen geldig sjabloon:\n${checked.problems.map((p) => `  - ${p}`).join('\n')}`);
  return checked.template;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { template: { type: 'string' }, year: { type: 'string' }, format: { type: 'string', default: 'table' } },
    strict: true,
  });
  switch (command) {
    case 'check': {
      const template = loadTemplate(values.template);
      console.log(`${values.template}: geldig — ${template.deliverables.length} leveringen, ${template.parties.length} partijen.`);
      return 0;
    }
    default:
      throw new CliError(command ? `onbekende opdracht "${command}".\n\n${usage}` : usage);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof CliError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`cycle: ${(error as Error).message}`);
    process.exitCode = 2;
  } else throw error;
}
