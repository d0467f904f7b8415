import { z } from 'zod';
import { templateSchema } from './template.js';

/** The JSON Schema of the template format, for editors; generated from the zod schema, never by hand. */
export function templateJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(templateSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://prestatiecyclus.example.org/cycle-template.schema.json',
    title: 'prestatiecyclus: cyclussjabloon',
  };
}
