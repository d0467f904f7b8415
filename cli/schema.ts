import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { templateJsonSchema } from '../functions/core/template-schema.js';
import { openApiDocument } from '../functions/http/openapi.js';

/** Writes the documents generated from the zod schemas; tests fail when they are out of date. */
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const files: [URL, unknown][] = [
  [new URL('../workflows/cycles/template.schema.json', import.meta.url), templateJsonSchema()],
  [new URL('../docs/openapi.json', import.meta.url), openApiDocument(version)],
];
mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
for (const [file, doc] of files) {
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`geschreven: ${file.pathname}`);
}
