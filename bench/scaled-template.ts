/**
 * A template `times` as large as a given one, for benchmarks: every deliverable is there `times`
 * times, the copies with new ids (`<id>-x2`, …) and titles, a copy's `afterDeliverable` pointing at
 * the same copy of what it follows. Written to a temporary file, whose path is returned.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

type Deliverable = { id: string; title: string; due?: { afterDeliverable?: string } } & Record<string, unknown>;

export function scaledTemplate(file: URL, times: number): string {
  const template = parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as { id: string; title: string; deliverables: Deliverable[] };
  const copy = (d: Deliverable, k: number): Deliverable => {
    if (k === 1) return d;
    const due = d.due?.afterDeliverable ? { ...d.due, afterDeliverable: `${d.due.afterDeliverable}-x${k}` } : d.due;
    return { ...d, id: `${d.id}-x${k}`, title: `${d.title} (${k})`, ...(due ? { due } : {}) };
  };
  const scaled = {
    ...template,
    title: `${template.title} (${times}×)`,
    deliverables: Array.from({ length: times }, (_, i) => template.deliverables.map((d) => copy(d, i + 1))).flat(),
  };
  const out = join(mkdtempSync(join(tmpdir(), 'bench-template-')), `${template.id}-x${times}.yaml`);
  writeFileSync(out, stringify(scaled, { aliasDuplicateObjects: false }));
  return out;
}
