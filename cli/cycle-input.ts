import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CycleFacts } from '../functions/core/calendar.js';
import type { SourceLookup } from '../functions/core/clause-sources.js';
import { checkFacts } from '../functions/core/facts-file.js';
import { checkTemplate } from '../functions/core/template-file.js';
import type { CycleTemplate } from '../functions/core/template.js';
import { maxYamlBytes, tooLargeMessage } from '../functions/core/yaml-file.js';

/** Reading what a person hands `npm run cycle`: every problem a CliError in Dutch (exit code 2), never a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
}

const listed = (problems: string[]) => problems.map((p) => `  - ${p}`).join('\n');

export function readText(file: string, what: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliError(`${what} ${file} kan niet worden gelezen.`);
  }
  if (size > maxYamlBytes) throw new CliError(`${what} ${file} wordt niet gelezen: ${tooLargeMessage(size)}.`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${what} ${file} kan niet worden gelezen.`);
  }
}

/**
 * The agreements' texts, `<naam>.txt` in `sources/` next to the template, else in the project's
 * `workflows/cycles/sources/`.
 */
function agreementSources(templateFile: string): SourceLookup {
  const dirs = [join(dirname(templateFile), 'sources'), fileURLToPath(new URL('../workflows/cycles/sources/', import.meta.url))];
  return (agreement) => {
    if (basename(agreement) !== agreement || agreement.startsWith('.')) return undefined;
    for (const dir of dirs) {
      try {
        return readFileSync(join(dir, `${agreement}.txt`), 'utf8');
      } catch {
        // not in this directory
      }
    }
    return undefined;
  };
}

export interface LoadedTemplate {
  template: CycleTemplate;
  /** Agreements whose text was not found, so their quotes went unchecked. */
  uncheckedSources: string[];
  /** The file's text, as checked. */
  yaml: string;
}

/** Reads and checks a template, every quote against its agreement's text where that is at hand. */
export function loadTemplate(file: string | undefined): LoadedTemplate {
  if (!file) throw new CliError('geef een sjabloon op met --template <bestand>.');
  const yaml = readText(file, 'het sjabloon');
  const checked = checkTemplate(yaml, agreementSources(file));
  if (!checked.ok) throw new CliError(`${file} is geen geldig sjabloon:\n${listed(checked.problems)}`);
  return { template: checked.template, uncheckedSources: checked.uncheckedSources, yaml };
}

/** Reads and checks a facts file for the template's cycle `year`; no file: no facts. */
export function loadFacts(file: string | undefined, template: CycleTemplate, year: number): CycleFacts {
  if (!file) return {};
  const checked = checkFacts(readText(file, 'het bestand'), template, year);
  if (!checked.ok) throw new CliError(`${file} klopt niet:\n${listed(checked.problems)}`);
  return checked.facts;
}

export function parseYear(value: string | undefined): number {
  if (!value) throw new CliError('geef een jaar op met --year <JJJJ>.');
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || year < 2000 || year > 2200) throw new CliError(`--year moet een jaartal zijn zoals 2027, niet "${value}".`);
  return year;
}
