import type { z } from 'zod';
import { suggestion } from './suggest.js';

/**
 * zod's messages in Dutch, for files a person writes (templates, facts). Passed per parse
 * (`safeParse(data, { error: dutchError })`), so the rest of the app keeps its own messages; a
 * message a schema spells out itself always wins over these.
 */

const expectedNames: Record<string, string> = {
  string: 'tekst',
  number: 'een getal',
  int: 'een geheel getal',
  boolean: 'true of false',
  object: 'een groep velden (naam: waarde)',
  array: 'een lijst (regels met -)',
  date: 'een datum',
  null: 'leeg',
};

/** What was written instead, in words: `tekst "drie"`, `het getal 13`, `een lijst`. */
function given(input: unknown): string {
  if (input === null) return 'leeg';
  if (Array.isArray(input)) return 'een lijst';
  if (input instanceof Date) return `de datum ${input.toISOString().slice(0, 10)}`;
  switch (typeof input) {
    case 'string':
      return `tekst "${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`;
    case 'number':
      return `het getal ${input}`;
    case 'boolean':
      return String(input);
    case 'object':
      return 'een groep velden';
    default:
      return typeof input;
  }
}

const counted = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;
const unit = (origin: string, n: number | bigint) =>
  origin === 'string' ? counted(n, 'teken', 'tekens') : origin === 'array' || origin === 'set' ? counted(n, 'item', 'items') : String(n);

/** The keys an object schema allows, for the suggestion on an unknown one. */
function allowedKeys(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/** One line per unknown key, in the order of `issue.keys`: `unknownKeyProblems` splits them. */
function unknownKeys(keys: string[], inst: unknown): string {
  const allowed = allowedKeys(inst);
  return keys.map((key) => `onbekend veld${suggestion(key, allowed)}`).join('\n');
}

export const dutchError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'ontbreekt; dit veld is verplicht';
      return `moet ${expectedNames[issue.expected] ?? issue.expected} zijn, niet ${given(issue.input)}`;
    case 'invalid_value': {
      const values = issue.values.map(String);
      const hint = typeof issue.input === 'string' ? suggestion(issue.input, values) : '';
      const wanted = values.length === 1 ? values[0] : `een van ${values.join(', ')}`;
      return `moet ${wanted} zijn, niet ${given(issue.input)}${hint}`;
    }
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return issue.inclusive ? `moet minstens ${issue.minimum} zijn` : `moet groter dan ${issue.minimum} zijn`;
      }
      return `moet minstens ${unit(issue.origin, issue.minimum)} hebben`;
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return issue.inclusive ? `mag hoogstens ${issue.maximum} zijn` : `moet kleiner dan ${issue.maximum} zijn`;
      }
      return `mag hoogstens ${unit(issue.origin, issue.maximum)} hebben`;
    case 'invalid_format':
      return issue.format === 'regex' ? `heeft niet de juiste vorm (${String(issue.pattern)})` : `is geen geldige ${issue.format}`;
    case 'not_multiple_of':
      return `moet een veelvoud van ${issue.divisor} zijn`;
    case 'unrecognized_keys':
      return unknownKeys(issue.keys, issue.inst);
    case 'invalid_key':
      return 'deze naam mag hier niet';
    case 'invalid_union':
      return 'past bij geen van de toegestane vormen';
    default:
      return 'ongeldige waarde';
  }
};

/**
 * Every issue as `where: message`, in Dutch; an issue about unknown keys becomes one line per key,
 * at the key itself: `deliverables[3] (bod-woonstede).businesDays (regel 60): onbekend veld; bedoelt u businessDays?`.
 */
export function issueProblems(issues: readonly z.core.$ZodIssue[], where: (path: readonly PropertyKey[]) => string): string[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [`${where(issue.path)}: ${issue.message}`];
    const lines = issue.message.split('\n');
    return issue.keys.map((key, i) => `${where([...issue.path, key])}: ${lines[i] ?? lines[0]}`);
  });
}
