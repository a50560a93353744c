import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import { afterAll, describe, expect, it } from 'vitest';
import { browserBundle } from '@ohif-recipes/testing';

// Entries live inside the package folder so `@ohif-recipes/viewer-config` resolves through
// the workspace's node_modules to the built package, as in a consumer's custom OHIF build.
const DIR = mkdtempSync(join(fileURLToPath(new URL('..', import.meta.url)), '.tmp-bundle-'));

const CONFIG = "{ routerBasename: '/', showStudyList: true, dataSources: [] }";
const ENTRIES = {
  /** The baseline: the same config without the library. */
  bare: `export default ${CONFIG};\n`,
  bareTyped: `const c = ${CONFIG};\nexport default c;\n`,
  defineConfig: `import { defineConfig } from '@ohif-recipes/viewer-config';\nexport default defineConfig(${CONFIG});\n`,
  typesOnly: `import type { AppConfig } from '@ohif-recipes/viewer-config';\nconst c: AppConfig = ${CONFIG};\nexport default c;\n`,
  /** Everything the root exports, used: the root holds nothing a browser cannot load. */
  wholeRoot: `import * as all from '@ohif-recipes/viewer-config';\nexport default all;\n`,
  standalone: `import { validateAppConfig } from '@ohif-recipes/viewer-config/validate/standalone';\nexport default validateAppConfig(${CONFIG});\n`,
} as const;
type Entry = keyof typeof ENTRIES;
const file = (name: Entry) =>
  join(DIR, `${name}.${name.endsWith('Typed') || name === 'typesOnly' ? 'ts' : 'js'}`);
for (const [name, text] of Object.entries(ENTRIES)) writeFileSync(file(name as Entry), text);

const esbuild = (name: Entry) => browserBundle(file(name));

/** webpack 5 (OHIF's bundler), production mode, target web: the bytes out, or its errors. */
function webpackBundle(name: Entry): Promise<{ bytes: number; text: string; errors: string[] }> {
  const out = join(DIR, `webpack-${name}`);
  return new Promise((done, fail) => {
    webpack(
      {
        mode: 'production',
        target: 'web',
        context: DIR,
        entry: file(name),
        output: { path: out, filename: 'bundle.js', library: { type: 'module' } },
        experiments: { outputModule: true },
      },
      (err, stats) => {
        if (err || !stats) return fail(err ?? new Error('webpack gave no stats'));
        const errors = stats.toJson({ all: false, errors: true }).errors?.map((e) => e.message);
        const text = errors?.length ? '' : readFileSync(join(out, 'bundle.js'), 'utf8');
        done({ bytes: Buffer.byteLength(text), text, errors: errors ?? [] });
      },
    );
  });
}

describe('browser bundles of @ohif-recipes/viewer-config (built package)', () => {
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));
  const sizes: Record<string, number> = {};
  afterAll(() => console.log(`bundle bytes (minified): ${JSON.stringify(sizes)}`));

  it('esbuild: defineConfig costs under 2 KB, types cost 0 bytes, nothing reads node: modules', async () => {
    const bare = await esbuild('bare');
    const define = await esbuild('defineConfig');
    const types = await esbuild('typesOnly');
    const bareTyped = await esbuild('bareTyped');
    sizes['esbuild defineConfig'] = define.bytes - bare.bytes;
    sizes['esbuild types only'] = types.bytes - bareTyped.bytes;
    expect(define.bytes - bare.bytes).toBeLessThan(2048);
    expect(types.bytes).toBe(bareTyped.bytes);
    for (const b of [define, types]) {
      expect(b.inputs.filter((i) => i.startsWith('node:'))).toEqual([]);
      expect(b.text).not.toMatch(/acorn|prettier|ajv/i);
    }
  });

  it('esbuild: the whole root entry and the standalone validator bundle for the browser', async () => {
    const root = await esbuild('wholeRoot');
    const standalone = await esbuild('standalone');
    sizes['esbuild whole root'] = root.bytes;
    sizes['esbuild standalone validator'] = standalone.bytes;
    for (const b of [root, standalone]) {
      expect(b.inputs.some((i) => i.startsWith('node:') || i.includes('prettier'))).toBe(false);
      expect(b.text).not.toContain('new Function');
    }
    expect(standalone.inputs.some((i) => i.includes('node_modules/ajv/'))).toBe(false);
  });

  it('webpack 5: the same entries build without errors; defineConfig costs under 2 KB', async () => {
    const bare = await webpackBundle('bare');
    const define = await webpackBundle('defineConfig');
    const root = await webpackBundle('wholeRoot');
    const standalone = await webpackBundle('standalone');
    for (const b of [bare, define, root, standalone]) expect(b.errors).toEqual([]);
    sizes['webpack defineConfig'] = define.bytes - bare.bytes;
    expect(define.bytes - bare.bytes).toBeLessThan(2048);
    expect(root.text).not.toContain('node:');
  }, 60_000);
});
