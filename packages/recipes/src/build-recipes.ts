import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { schemaFile, SCHEMA_FILE } from './emit/spec-file.js';
import { synth } from './synth.js';
import { VARIANTS } from './variants/index.js';
import { writeRecipe } from './output/write.js';

/** `nx build recipes`: every variant with its defaults into <out>/<variant>/. */
const out = resolve(process.argv[2] ?? 'dist/recipes');
const builds: Array<{ dir: string; spec: { variant: string } & Record<string, unknown> }> = [
  ...VARIANTS.map((v) => ({ dir: v.name, spec: { variant: v.name } })),
  // The Kubernetes target (Kustomize), the PostgreSQL one scaled out to three web replicas.
  { dir: 'nginx-orthanc-kubernetes', spec: { variant: 'nginx-orthanc', target: 'kubernetes' } },
  { dir: 'nginx-dcm4chee-kubernetes', spec: { variant: 'nginx-dcm4chee', target: 'kubernetes' } },
  {
    dir: 'nginx-orthanc-postgres-kubernetes',
    spec: { variant: 'nginx-orthanc-postgres', target: 'kubernetes', orthancReplicas: 3 },
  },
];
for (const { dir, spec } of builds) {
  const files = await synth(spec);
  writeRecipe(resolve(out, dir), files, { force: true });
  process.stdout.write(`recipes: ${dir} -> ${resolve(out, dir)} (${files.size} files)\n`);
}

// The spec file's schema ships with the package (`@ohif-recipes/recipes/schema.json`).
const schema = fileURLToPath(new URL(`./${SCHEMA_FILE}`, import.meta.url));
writeFileSync(schema, schemaFile());
process.stdout.write(`recipes: ${SCHEMA_FILE} -> ${schema}\n`);
