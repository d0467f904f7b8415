import { parse, YAMLParseError } from 'yaml';
import { issuePath, templateSchema, type CycleTemplate } from './template.js';

export type TemplateCheck = { ok: true; template: CycleTemplate } | { ok: false; problems: string[] };

/** Parses and validates a template's YAML text; every problem is listed by its path, never thrown. */
export function checkTemplate(yamlText: string): TemplateCheck {
  let data: unknown;
  try {
    data = parse(yamlText, { prettyErrors: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const [line, col] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [0, 0];
      return { ok: false, problems: [`regel ${line}, kolom ${col}: dit is geen geldige YAML (${error.code})`] };
    }
    throw error;
  }
  const parsed = templateSchema.safeParse(data);
  if (parsed.success) return { ok: true, template: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${issuePath(i.path) || '(sjabloon)'}: ${i.message}`) };
}
