import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '@ohif-recipes/testing';
import { DEFAULT_OHIF_VERSION } from '@ohif-recipes/recipes';
import { defaultCacheDir, ensureOhifDist, prepareWebRoot } from '@ohif-recipes/recipes/runtime';

const COMPRESSIBLE = /\.(js|css|html|json|svg|wasm|map|txt|xml)$/;

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/**
 * The Dockerfile's non-Docker steps, run natively on the real @ohif/app dist: fetch and
 * unpack (npm pack + tar), then prepare-dist.sh for a root and a sub-path deployment.
 */
describe.each(['/', '/ohif/'])('prepare-dist.sh on the real OHIF dist, base %s', (base) => {
  const tmp = tempDir('webapp-dist');
  let web: string;
  let cached: string;
  let appConfigText: string;

  beforeAll(() => {
    chmodSync(tmp.path, 0o755);
    const dist = ensureOhifDist(DEFAULT_OHIF_VERSION, defaultCacheDir(), () => undefined);
    cached = dist;
    const appConfig = join(tmp.path, 'app-config.js');
    appConfigText = `window.config = { routerBasename: '${base === '/' ? '/' : base.slice(0, -1)}', dataSources: [] };\n`;
    writeFileSync(appConfig, appConfigText);
    prepareWebRoot(dist, join(tmp.path, 'web'), base, appConfig, tmp.path);
    web = join(tmp.path, 'web', base);
  }, 300_000);
  afterAll(() => tmp.remove());

  it('every compressible asset has a .gz sibling that decompresses to the original', () => {
    const all = files(web).filter((f) => COMPRESSIBLE.test(f) && statSync(f).size > 1024);
    expect(all.length).toBeGreaterThan(50);
    for (const f of all) {
      expect(existsSync(`${f}.gz`), f).toBe(true);
      expect(gunzipSync(readFileSync(`${f}.gz`)).equals(readFileSync(f)), f).toBe(true);
    }
  });

  // ensure-deps installs the brotli command, so the tests always see .br files.
  it('with brotli installed, every compressible asset but source maps has a .br that decompresses to it', () => {
    const all = files(web).filter(
      (f) => COMPRESSIBLE.test(f) && !f.endsWith('.map') && statSync(f).size > 1024,
    );
    for (const f of all) {
      expect(existsSync(`${f}.br`), f).toBe(true);
      expect(brotliDecompressSync(readFileSync(`${f}.br`)).equals(readFileSync(f)), f).toBe(true);
    }
    expect(files(web).some((f) => f.endsWith('.map.br'))).toBe(false);
  });

  // The web root is hard-linked from the cache: rewriting a file must never write into a
  // shared .gz/.br (a sub-path start once corrupted the cache's brotli files this way).
  it('leaves the shared cache intact: its .gz and .br still decompress to its own files', () => {
    for (const f of files(cached).filter((x) => /\.(js|css|html)$/.test(x))) {
      if (existsSync(`${f}.gz`))
        expect(gunzipSync(readFileSync(`${f}.gz`)).equals(readFileSync(f)), f).toBe(true);
      if (existsSync(`${f}.br`))
        expect(brotliDecompressSync(readFileSync(`${f}.br`)).equals(readFileSync(f)), f).toBe(true);
    }
  });

  it('installs the app config (and its .gz)', () => {
    expect(readFileSync(join(web, 'app-config.js'), 'utf8')).toBe(appConfigText);
  });

  it(`rewrites every root-absolute URL for ${base}`, () => {
    const html = readFileSync(join(web, 'index.html'), 'utf8');
    expect(html).toContain(`window.PUBLIC_URL="${base}"`);
    const absolute = [...html.matchAll(/(?:href|src|content)="(\/[^"]*)"/g)].map(
      (m) => m[1] as string,
    );
    expect(absolute.length).toBeGreaterThan(10);
    for (const u of absolute) expect(u.startsWith(base), u).toBe(true);
    const bundle = files(web).find((f) => /app\.bundle\.[0-9a-f]+\.js$/.test(f)) as string;
    expect(readFileSync(bundle, 'utf8')).toContain(`__webpack_require__.p = "${base}";`);
    const css = readFileSync(join(web, 'app.bundle.css'), 'utf8');
    for (const m of css.matchAll(/url\((\/[^)]*)\)/g))
      expect((m[1] as string).startsWith(base)).toBe(true);
  });
});
