import { writeFileSync } from 'node:fs';
import { templateJsonSchema } from '../functions/core/template-schema.js';

/** Writes workflows/cycles/template.schema.json; a test fails when it is out of date. */
const file = new URL('../workflows/cycles/template.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(templateJsonSchema(), null, 2)}\n`);
console.log(`geschreven: ${file.pathname}`);
