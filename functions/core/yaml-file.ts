import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';

/**
 * The one YAML loader for everything a person writes (templates, facts, scenarios). It refuses, in
 * Dutch and without throwing, what it cannot handle safely: files over the size limit, merge keys
 * (`<<`), an alias that expands without end, unknown tags, and YAML that does not parse.
 */

export const maxYamlBytes = 1024 * 1024;
/** Aliases (`*anker`) may repeat a block a few times, never blow it up exponentially. */
const maxAliasCount = 100;

export type YamlRead =
  | {
      ok: true;
      data: unknown;
      /** `deliverables[3] (bod-woonstede).due.month (regel 57)`: where a path stands in the file. */
      where: (path: readonly PropertyKey[]) => string;
    }
  | { ok: false; problems: string[] };

const bytesText = (n: number) => `${n.toLocaleString('nl-NL')} bytes`;

export function tooLargeMessage(bytes: number): string {
  return `het bestand is te groot (${bytesText(bytes)}); de grens is 1 MiB (${bytesText(maxYamlBytes)})`;
}

const yamlCodes: Record<string, string> = {
  DUPLICATE_KEY: 'deze sleutel komt twee keer voor',
  MULTIPLE_DOCS: 'het bestand bevat meer dan één YAML-document (---)',
  TAB_AS_INDENT: 'spring in met spaties, niet met tabs',
  BAD_INDENT: 'de inspringing klopt niet',
  TAG_RESOLVE_FAILED: 'een type-aanduiding (!tag) wordt niet ondersteund; laat die weg',
  BAD_ALIAS: 'dit anker (*naam) bestaat niet of staat verkeerd',
};

/** A parse error says "dit is geen geldige YAML"; a warning (an unknown tag) only what is not supported. */
function yamlProblem(error: YAMLError, kind: 'error' | 'warning'): string {
  const at = error.linePos?.[0];
  const explained = yamlCodes[error.code];
  const text = kind === 'error' ? `dit is geen geldige YAML${explained ? `: ${explained}` : ''}` : (explained ?? 'dit wordt niet ondersteund');
  return `regel ${at?.line ?? 1}, kolom ${at?.col ?? 1}: ${text} (${error.code})`;
}

/** Parses `text`; `root` names the whole file in messages ("het sjabloon"). */
export function readYaml(text: string, root: string): YamlRead {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxYamlBytes) return { ok: false, problems: [tooLargeMessage(bytes)] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, merge: false, uniqueKeys: true });
  const problems = [...doc.errors.map((e) => yamlProblem(e, 'error')), ...doc.warnings.map((w) => yamlProblem(w, 'warning'))];
  const lineOf = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lines.linePos(range[0]).line : undefined;
  };
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === '<<') {
        problems.push(`regel ${lineOf(pair.key) ?? 1}: samenvoegsleutels (<<) worden niet ondersteund; schrijf de velden voluit`);
      }
    },
  });
  if (problems.length) return { ok: false, problems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount });
  } catch (error) {
    const aliases = error instanceof ReferenceError && /alias/i.test(error.message);
    return {
      ok: false,
      problems: [aliases ? `de ankers en verwijzingen (&naam, *naam) zouden het bestand te groot maken (meer dan ${maxAliasCount} herhalingen); schrijf het uit` : 'dit YAML-bestand kan niet worden gelezen'],
    };
  }
  return { ok: true, data, where: (path) => `${pathLabel(data, path, root)} (regel ${lineAt(doc, path, lineOf)})` };
}

/** The line of the deepest node on `path` that exists: the key's line for a field, the item's for a list entry. */
function lineAt(doc: Document, path: readonly PropertyKey[], lineOf: (node: unknown) => number | undefined): number {
  let node: unknown = doc.contents;
  let line = lineOf(node) ?? 1;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      line = lineOf(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      line = lineOf(node) ?? line;
    } else break;
  }
  return line;
}

/** `deliverables[3] (bod-woonstede).due.month`: list entries with an id are named by it. */
export function pathLabel(data: unknown, path: readonly PropertyKey[], root: string): string {
  let out = '';
  let value = data;
  for (const segment of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    if (typeof segment === 'number') {
      const id = (value as { id?: unknown } | undefined)?.id;
      out += `[${segment}]${typeof id === 'string' ? ` (${id})` : ''}`;
    } else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || root;
}
