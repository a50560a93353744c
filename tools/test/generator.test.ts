import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@ohif-recipes/testing';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SKIP = new Set([
  'node_modules',
  'dist',
  '.nx',
  '.git',
  'test-artifacts',
  'bench-results.json',
]);

/**
 * A copy of the workspace whose node_modules links every package to the original except
 * the workspace's own, which point at the copy's sources (so the copy builds itself).
 */
function copyWorkspace(to: string): void {
  cpSync(ROOT, to, {
    recursive: true,
    filter: (src) => !SKIP.has(src.split('/').pop() as string) && !src.includes('/.tmp-'),
  });
  const modules = join(to, 'node_modules');
  mkdirSync(join(modules, '@ohif-recipes'), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== '@ohif-recipes')
      symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
  }
  const own: Record<string, string> = {
    'nginx-dsl': 'packages/nginx-dsl',
    testing: 'packages/testing',
    'viewer-config': 'packages/viewer-config',
    recipes: 'packages/recipes',
    tools: 'tools',
    'webapp-image': 'apps/webapp-image',
  };
  for (const [name, dir] of Object.entries(own))
    if (existsSync(join(to, dir))) symlinkSync(join(to, dir), join(modules, '@ohif-recipes', name));
}

describe('nx g @ohif-recipes/tools:recipe (in a copy of the workspace)', () => {
  const tmp = tempDir('generator');
  const ws = join(tmp.path, 'ws');
  const env = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_SKIP_NX_CACHE: 'true',
    NX_TUI: 'false',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  const run = (cmd: string, args: string[], cwd = ws, extra: NodeJS.ProcessEnv = {}) =>
    spawnSync(cmd, args, { cwd, env: { ...env, ...extra }, encoding: 'utf8', timeout: 240_000 });
  let generated: ReturnType<typeof run>;

  beforeAll(() => {
    copyWorkspace(ws);
    generated = run('npx', [
      'nx',
      'g',
      '@ohif-recipes/tools:recipe',
      'nginx-orthanc-s3',
      '--from',
      'nginx-orthanc-postgres',
      '--description',
      "Orthanc's index in PostgreSQL, files in S3 (scaffold)",
    ]);
  }, 300_000);
  afterAll(() => tmp.remove());

  it('scaffolds the variant file, its registration, its golden test and golden files', () => {
    expect(generated.status, generated.stdout + generated.stderr).toBe(0);
    const variants = join(ws, 'packages/recipes/src/variants');
    expect(readFileSync(join(variants, 'nginx-orthanc-s3.ts'), 'utf8')).toContain(
      '...nginxOrthancPostgres,',
    );
    expect(readFileSync(join(variants, 'index.ts'), 'utf8')).toMatch(
      /import \{ nginxOrthancS3 \} from '\.\/nginx-orthanc-s3\.js';[\s\S]*nginxOrthancS3,?\s*\]/,
    );
    const golden = join(ws, 'packages/recipes/test/golden');
    for (const dir of ['nginx-orthanc-s3', 'nginx-orthanc-s3-subpath'])
      expect(readdirSync(join(golden, dir))).toContain('docker-compose.yml');
    expect(readFileSync(join(golden, 'nginx-orthanc-s3/docker-compose.yml'), 'utf8')).toContain(
      'postgres:',
    );
  });

  it('the new variant builds, is listed, and passes its tests unchanged (CI mode: no snapshot writes)', () => {
    const build = run('npx', ['nx', 'build', 'recipes', '--output-style=static']);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(existsSync(join(ws, 'dist/recipes/nginx-orthanc-s3/docker-compose.yml'))).toBe(true);
    const list = run('node', ['packages/recipes/bin/ohif-recipes.js', 'list']);
    expect(list.stdout).toMatch(/^nginx-orthanc-s3 +Orthanc's index in PostgreSQL, files in S3/m);
    const tests = run(
      'npx',
      ['vitest', 'run', 'test/variants/nginx-orthanc-s3.test.ts', 'test/cli.test.ts'],
      join(ws, 'packages/recipes'),
      { CI: 'true' },
    );
    expect(tests.status, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toMatch(/Tests +\d+ passed/);
    const typecheck = run('npx', ['tsc', '-p', 'packages/recipes/tsconfig.json', '--noEmit']);
    expect(typecheck.status, typecheck.stdout).toBe(0);
  });

  it('refuses a bad name or an unknown --from with the option and the fix, writing nothing', () => {
    const bad = run('npx', ['nx', 'g', '@ohif-recipes/tools:recipe', 'Bad_Name']);
    expect(bad.status).not.toBe(0);
    const unknown = run('npx', [
      'nx',
      'g',
      '@ohif-recipes/tools:recipe',
      'ok-name',
      '--from',
      'nope',
    ]);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stdout + unknown.stderr).toContain('from: no variant "nope"');
    expect(unknown.stdout + unknown.stderr).toContain('fix: use one of: ');
    expect(existsSync(join(ws, 'packages/recipes/src/variants/ok-name.ts'))).toBe(false);
  });
});
