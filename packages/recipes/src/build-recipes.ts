import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { schemaFile, SCHEMA_FILE } from './emit/spec-file.js';
import { synth } from './synth.js';
import { VARIANTS } from './variants/index.js';
import { writeRecipe } from './output/write.js';

/** `nx build recipes`: every variant with its defaults into <out>/<variant>/. */
const out = resolve(process.argv[2] ?? 'dist/recipes');
for (const v of VARIANTS) {
  const files = await synth({ variant: v.name });
  writeRecipe(resolve(out, v.name), files, { force: true });
  process.stdout.write(`recipes: ${v.name} -> ${resolve(out, v.name)} (${files.size} files)\n`);
}

// The spec file's schema ships with the package (`@ohif-recipes/recipes/schema.json`).
const schema = fileURLToPath(new URL(`./${SCHEMA_FILE}`, import.meta.url));
writeFileSync(schema, schemaFile());
process.stdout.write(`recipes: ${SCHEMA_FILE} -> ${schema}\n`);
