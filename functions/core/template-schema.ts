import { z } from 'zod';
import { templateSchema } from './template.js';

/**
 * The JSON Schema of the template format, for editors; generated from the zod schema, never by hand.
 * Every object refuses unknown keys (`additionalProperties: false`), except the top-level `x-…`
 * keys that hold YAML anchors (see `isExtensionKey`).
 */
export function templateJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(templateSchema, { io: 'input', unrepresentable: 'any' }),
    patternProperties: { '^x-': {} },
    $id: 'https://prestatiecyclus.example.org/cycle-template.schema.json',
    title: 'prestatiecyclus: cyclussjabloon',
  };
}
