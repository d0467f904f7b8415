import type { z } from 'zod';
import type { clauseRefSchema } from './template.js';

/**
 * Every clause reference in a template quotes its agreement; where the agreement's text is at hand
 * the quote must stand in it, under its clause number (or heading). `cycle check` and the template
 * tests both check this here.
 */

/** An agreement's text by its name (`prestatieafspraken-leusden-2020-2022`); undefined when not at hand. */
export type SourceLookup = (agreement: string) => string | undefined;

type ClauseRef = z.infer<typeof clauseRefSchema>;
type WithClauses = { clauses?: ClauseRef[] }[] | undefined;

/** A template as written (before any expansion), so each path points at its line in the YAML. */
export interface QuotedTemplate {
  deliverables?: WithClauses;
  meetingSeries?: WithClauses;
  events?: WithClauses;
}

export interface QuoteCheck {
  problems: { path: (string | number)[]; message: string }[];
  /** Agreements without a source text: their quotes were not checked. */
  unchecked: string[];
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Why the quote does not stand in the source under its clause; undefined when it does. */
export function quoteProblem(ref: ClauseRef, source: string): string | undefined {
  const text = oneLine(source);
  const quote = oneLine(ref.quote);
  const at = text.indexOf(quote);
  if (at < 0) return `het citaat "${quote}" staat niet in ${ref.agreement}`;
  const label = ref.sourceLabel ?? ref.clause;
  if (!/^\d/.test(label)) {
    return text.toLowerCase().includes(label.toLowerCase()) ? undefined : `de kop "${label}" staat niet in ${ref.agreement}`;
  }
  // The nearest occurrence of the number, as a clause number, before the quote; in the OCR'd table
  // of 2026 a row's left-hand column (its aim) stands just before the number instead.
  const pattern = new RegExp(`(?:^|[^\\d.,])${label.replaceAll('.', '\\.')}\\.? `, 'g');
  let nearest = -1;
  for (const m of text.slice(0, at + 1).matchAll(pattern)) nearest = m.index;
  const after = text.slice(at + quote.length, at + quote.length + 80).search(pattern);
  const underClause = nearest >= 0 && at - nearest < 700;
  return underClause || after >= 0 ? undefined : `het citaat "${quote}" staat in ${ref.agreement}, maar niet onder artikel ${label}`;
}

/** Checks every quote of the template whose source `sources` has. */
export function checkQuotes(template: QuotedTemplate, sources: SourceLookup): QuoteCheck {
  const owners: [string, WithClauses][] = [
    ['deliverables', template.deliverables],
    ['meetingSeries', template.meetingSeries],
    ['events', template.events],
  ];
  const texts = new Map<string, string | undefined>();
  const result: QuoteCheck = { problems: [], unchecked: [] };
  for (const [key, items] of owners) {
    (items ?? []).forEach((item, i) =>
      (item.clauses ?? []).forEach((ref, j) => {
        if (!texts.has(ref.agreement)) texts.set(ref.agreement, sources(ref.agreement));
        const source = texts.get(ref.agreement);
        if (source === undefined) return;
        const problem = quoteProblem(ref, source);
        if (problem) result.problems.push({ path: [key, i, 'clauses', j, 'quote'], message: problem });
      }),
    );
  }
  result.unchecked = [...texts].filter(([, text]) => text === undefined).map(([agreement]) => agreement);
  return result;
}
