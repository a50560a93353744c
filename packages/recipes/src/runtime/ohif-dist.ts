import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PREPARE_DIST_SH } from '../assets/prepare-dist.js';
import { onPath } from './prereqs.js';

export function defaultCacheDir(): string {
  return (
    process.env.OHIF_RECIPES_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ohif-recipes')
  );
}

/** Runs prepare-dist.sh (the same script the Dockerfile runs) on `dist`. */
export function runPrepareDist(
  dist: string,
  appConfig: string,
  base: string,
  scratch: string,
): void {
  const script = join(scratch, 'prepare-dist.sh');
  writeFileSync(script, PREPARE_DIST_SH, { mode: 0o755 });
  execFileSync('sh', [script, dist, appConfig, base], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * The pristine @ohif/app dist for `version`, fetched with `npm pack` once and kept in
 * the cache with every asset already gzipped (and brotli-compressed when the brotli
 * command is installed: the entry's name says which). Concurrent callers are safe: the
 * cache entry appears by rename only when complete.
 */
export function ensureOhifDist(
  version: string,
  cacheDir: string,
  log: (line: string) => void,
): string {
  const brotli = onPath('brotli') !== undefined;
  const entry = join(cacheDir, `ohif-app-${version}${brotli ? '-br' : ''}`);
  const dist = join(entry, 'dist');
  if (existsSync(join(entry, 'complete'))) return dist;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, `.fetch-${version}-`));
  try {
    log(`fetching @ohif/app@${version} from the npm registry (about 50 MB, once)...`);
    execFileSync('npm', ['pack', '--silent', `@ohif/app@${version}`], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack @ohif/app@${version} produced no tarball`);
    log('unpacking the viewer...');
    execFileSync('tar', ['-xzf', tgz, 'package/dist'], { cwd: work });
    log(`precompressing assets once (gzip${brotli ? ' and brotli, about 40 s' : ''})...`);
    runPrepareDist(join(work, 'package', 'dist'), '-', '/', work);
    const staged = join(work, 'entry');
    mkdirSync(staged);
    renameSync(join(work, 'package', 'dist'), join(staged, 'dist'));
    writeFileSync(join(staged, 'complete'), `@ohif/app@${version}\n`);
    try {
      renameSync(staged, entry);
    } catch (e) {
      // Another process finished first: its entry is complete (entries appear only by rename).
      if (!existsSync(join(entry, 'complete'))) throw e;
    }
    return dist;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A served tree in `webRoot` for `basePath`: hard links into the cached dist (instant, no
 * copy), then prepare-dist installs the app config and rewrites a sub-path by replacing
 * files, never editing the shared ones in place.
 */
export function prepareWebRoot(
  cachedDist: string,
  webRoot: string,
  basePath: string,
  appConfigFile: string,
  scratch: string,
): void {
  rmSync(webRoot, { recursive: true, force: true });
  const target = join(webRoot, basePath).replace(/\/$/, '');
  mkdirSync(join(target, '..'), { recursive: true });
  execFileSync('cp', ['-al', cachedDist, target]);
  runPrepareDist(target, appConfigFile, basePath, scratch);
}
