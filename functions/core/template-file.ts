import { checkQuotes, type QuotedTemplate, type SourceLookup } from './clause-sources.js';
import { dutchError, issueProblems } from './dutch-issues.js';
import { templateSchema, type CycleTemplate } from './template.js';
import { readYaml } from './yaml-file.js';

export type TemplateCheck =
  | {
      ok: true;
      template: CycleTemplate;
      /** With `sources`: the agreements whose text was not at hand, so their quotes went unchecked. */
      uncheckedSources: string[];
    }
  | { ok: false; problems: string[] };

/** Top-level keys starting with `x-` hold YAML anchors for reuse (`x-prestatieafspraken: &lijst`); they are not template fields. */
export const isExtensionKey = (key: string) => key.startsWith('x-');

function withoutExtensionKeys(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !isExtensionKey(key)));
}

/**
 * Parses and validates a template's YAML text; every problem is listed in Dutch, by path, the
 * deliverable's id and the line (`deliverables[3] (bod-woonstede).due.month (regel 57): moet 1-12 zijn`),
 * never thrown. With `sources`, every quote must also stand in its agreement's text.
 */
export function checkTemplate(yamlText: string, sources?: SourceLookup): TemplateCheck {
  const read = readYaml(yamlText, 'het sjabloon');
  if (!read.ok) return read;
  if (read.data === null || read.data === undefined) {
    return { ok: false, problems: ['het sjabloon is leeg: een sjabloon heeft minstens id, title, tenant, validFrom, validTo, coordinatorParty, parties en deliverables'] };
  }
  const written = withoutExtensionKeys(read.data);
  const parsed = templateSchema.safeParse(written, { error: dutchError });
  if (!parsed.success) return { ok: false, problems: issueProblems(parsed.error.issues, read.where) };
  // The quotes are checked on the template as written, so every path is a line of the file.
  const quotes = sources ? checkQuotes(written as QuotedTemplate, sources) : { problems: [], unchecked: [] };
  if (quotes.problems.length) return { ok: false, problems: quotes.problems.map((p) => `${read.where(p.path)}: ${p.message}`) };
  return { ok: true, template: parsed.data, uncheckedSources: quotes.unchecked };
}
