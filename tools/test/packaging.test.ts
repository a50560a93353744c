import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const PACKAGES = ['nginx-dsl', 'viewer-config', 'recipes'] as const;

const sh = (cmd: string, args: string[], cwd: string) =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000 });

/**
 * The published packages as a consumer gets them: packed tarballs checked by publint and
 * are-the-types-wrong, installed into fresh projects (ESM and CommonJS, TypeScript's
 * bundler and node16/nodenext resolution) that type-check and run.
 */
describe('the packages as published', () => {
  const work = mkdtempSync(join(tmpdir(), 'ohif-recipes-packaging-'));
  const tarballs: string[] = [];
  beforeAll(() => {
    const packs = join(work, 'packs');
    mkdirSync(packs);
    for (const p of PACKAGES) {
      const r = sh('npm', ['pack', '--pack-destination', packs], join(ROOT, 'packages', p));
      if (r.status !== 0) throw new Error(`npm pack ${p}: ${r.stderr}`);
    }
    tarballs.push(...readdirSync(packs).map((f) => join(packs, f)));
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('publint finds nothing in any package', () => {
    for (const p of PACKAGES) {
      const r = sh(BIN('publint'), ['--strict', join(ROOT, 'packages', p)], ROOT);
      expect(r.stdout + r.stderr, p).toContain('All good!');
      expect(r.status, p).toBe(0);
    }
  });

  it('are-the-types-wrong: every entry resolves with types for node16 (ESM and CJS) and bundlers', () => {
    // ESM only, by design: CommonJS consumers load it with require(esm), which Node has
    // without a flag since 20.19 (the packages' engines), so that one rule is waived.
    for (const t of tarballs) {
      const r = sh(
        BIN('attw'),
        [t, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'ascii'],
        ROOT,
      );
      expect(r.status, `${t}\n${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  it('fresh ESM and CommonJS projects install the tarballs, type-check and run them', () => {
    const consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    const install = sh(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        ...tarballs,
        'typescript@5.9',
        '@types/node@20',
      ],
      consumer,
    );
    expect(install.status, install.stderr).toBe(0);
    const esm = `import type { AppConfig } from '@ohif-recipes/viewer-config';
import { defineConfig } from '@ohif-recipes/viewer-config';
import { validateAppConfig } from '@ohif-recipes/viewer-config/validate/standalone';
import { readAppConfigJs } from '@ohif-recipes/viewer-config/node';
import { parse, render, lint, type Directive } from '@ohif-recipes/nginx-dsl';
import { synth, type RecipeSpec } from '@ohif-recipes/recipes';
import type { NativeOptions } from '@ohif-recipes/recipes/runtime';
const config: AppConfig = defineConfig({ routerBasename: '/', dataSources: [] });
const d: Directive[] = parse('events {}\\nhttp { server_tokens off; }');
const spec: RecipeSpec = { variant: 'nginx-orthanc' };
const files = await synth(spec);
const native: Partial<NativeOptions> = { port: 8080 };
console.log(JSON.stringify({
  problems: validateAppConfig(config).length,
  rendered: render(d).includes('server_tokens off;'),
  findings: lint(d).length,
  files: files.size,
  read: readAppConfigJs('window.config = { a: [1] };').a,
  port: native.port,
}));
`;
    writeFileSync(join(consumer, 'esm.mts'), esm);
    const cjs = `import type { AppConfig } from '@ohif-recipes/viewer-config';
const { defineConfig } = require('@ohif-recipes/viewer-config') as typeof import('@ohif-recipes/viewer-config');
const { render } = require('@ohif-recipes/nginx-dsl') as typeof import('@ohif-recipes/nginx-dsl');
const config: AppConfig = defineConfig({ routerBasename: '/', dataSources: [] });
console.log(JSON.stringify({ router: config.routerBasename, text: render([{ directive: 'gzip', args: ['on'] }]) }));
`;
    writeFileSync(join(consumer, 'cjs.cts'), cjs);
    // A browser build sees only the browser-safe entries, and no Node types at all.
    const browser = `import { defineConfig, type AppConfig } from '@ohif-recipes/viewer-config';
import { validateAppConfig } from '@ohif-recipes/viewer-config/validate/standalone';
import { render, type Directive } from '@ohif-recipes/nginx-dsl';
import { synthModel, type RouteModel } from '@ohif-recipes/recipes';
const c: AppConfig = defineConfig({ routerBasename: '/', dataSources: [] });
const d: Directive[] = [{ directive: 'gzip', args: ['on'] }];
export const out = [validateAppConfig(c), render(d), synthModel as (m: RouteModel) => unknown];
`;
    writeFileSync(join(consumer, 'browser.mts'), browser);
    for (const [name, options] of [
      ['node16', { module: 'nodenext', moduleResolution: 'nodenext' }],
      ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
    ] as const) {
      writeFileSync(
        join(consumer, `tsconfig.${name}.json`),
        JSON.stringify({
          compilerOptions: {
            ...options,
            target: 'es2022',
            lib: name === 'bundler' ? ['es2022', 'dom'] : ['es2022'],
            strict: true,
            outDir: `out-${name}`,
            types: name === 'bundler' ? [] : ['node'],
            skipLibCheck: false,
          },
          files: name === 'bundler' ? ['browser.mts'] : ['esm.mts', 'cjs.cts'],
        }),
      );
      const tsc = sh(
        process.execPath,
        [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${name}.json`],
        consumer,
      );
      expect(tsc.stdout + tsc.stderr, name).toBe('');
      expect(tsc.status, name).toBe(0);
    }
    const runEsm = sh(process.execPath, ['out-node16/esm.mjs'], consumer);
    expect(runEsm.stderr).toBe('');
    expect(JSON.parse(runEsm.stdout)).toEqual({
      problems: 0,
      rendered: true,
      findings: 0,
      files: expect.any(Number),
      read: [1],
      port: 8080,
    });
    const runCjs = sh(process.execPath, ['--no-warnings', 'out-node16/cjs.cjs'], consumer);
    expect(runCjs.stderr).toBe('');
    expect(JSON.parse(runCjs.stdout)).toEqual({ router: '/', text: 'gzip on;\n' });
    // Outside the workspace, npx finds the CLI by the package's name.
    const npx = sh(join(consumer, 'node_modules', '.bin', 'ohif-recipes'), ['--version'], consumer);
    expect(npx.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 300_000);
});
