import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { MANIFEST, readManifest, sha256, type Manifest } from './manifest.js';

/** A refused write: the message names the folder or file and the fix. */
export class WriteError extends Error {
  override readonly name = 'WriteError';
}

/** What a write does to one generated file. */
export interface PlannedFile {
  path: string;
  action: 'create' | 'update' | 'unchanged' | 'remove';
  /** Unified diff from the file on disk to the new text (update, remove). */
  diff?: string;
}

/** A file the tool would overwrite although it is not (or no longer) the tool's own. */
export interface Conflict {
  path: string;
  reason: 'edited since it was generated' | 'not written by ohif-recipes';
  /** Unified diff from the file on disk to what the tool would write. */
  diff: string;
}

export interface WritePlan {
  dir: string;
  files: PlannedFile[];
  conflicts: Conflict[];
  /** Generated files the new recipe no longer has, edited by the operator: left in place. */
  kept: string[];
  /** Temp files from an interrupted write, removed by the next one. */
  strays: string[];
}

/** The suffix of a file being written; a crash leaves it behind, the next write removes it. */
export const TEMP_SUFFIX = '.ohif-tmp';

/** Folders a recipe must never be written into itself (below them is fine). */
const SYSTEM_DIRS = [
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib64',
  '/media',
  '/mnt',
  '/opt',
  '/proc',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/var',
];

/** The absolute output folder, or a WriteError for an empty, system or non-folder path. */
export function checkOutDir(outDir: string): string {
  if (outDir.trim() === '')
    throw new WriteError('--out: is empty; fix: name the folder to write the recipe into');
  const out = resolve(outDir);
  if (SYSTEM_DIRS.includes(out) || out === homedir())
    throw new WriteError(
      `--out: ${out} is a system or home folder; fix: name a folder of its own, e.g. --out ${join(out === '/' ? '/srv' : out, 'ohif-recipe')}`,
    );
  for (let at = out; ; at = dirname(at)) {
    if (existsSync(at)) {
      if (!statSync(at).isDirectory())
        throw new WriteError(
          `--out: ${at} is a file, not a folder; fix: choose another --out or move the file away`,
        );
      break;
    }
    if (dirname(at) === at) break;
  }
  return out;
}

function read(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function patch(path: string, from: string, to: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, from, to, undefined, undefined, {
    context: 3,
  });
}

/** Leftover temp files in the folders a recipe writes to. */
function strayFiles(out: string, paths: Iterable<string>): string[] {
  const dirs = new Set([...paths].map((p) => dirname(p)));
  return [...dirs].flatMap((d) => {
    const abs = join(out, d);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) return [];
    return readdirSync(abs)
      .filter((n) => n.endsWith(TEMP_SUFFIX))
      .map((n) => (d === '.' ? n : `${d}/${n}`));
  });
}

/**
 * What writing `files` into `outDir` would do, reading only. A file is the tool's own when
 * the manifest lists it with the hash it has now; any other file at a generated path is a
 * conflict, and files the manifest does not list are never touched.
 */
export function planRecipe(outDir: string, files: ReadonlyMap<string, string>): WritePlan {
  return planAgainstManifest(outDir, files).plan;
}

/** The plan, and the manifest it was made against (the writer keeps its hashes as `previous`). */
export function planAgainstManifest(
  outDir: string,
  files: ReadonlyMap<string, string>,
): { plan: WritePlan; manifest: Manifest | undefined } {
  const out = checkOutDir(outDir);
  for (const rel of files.keys())
    if (rel.startsWith('/') || rel.split('/').includes('..') || rel === MANIFEST)
      throw new WriteError(`refusing to write outside the recipe: ${rel}`);
  const found = readManifest(out);
  // A legacy marker listed nothing: its generated files are adopted by name.
  const legacy = found === 'legacy';
  const manifest = typeof found === 'object' ? found : undefined;
  const owned = (rel: string, hash: string) =>
    manifest !== undefined && (manifest.files[rel] === hash || manifest.previous?.[rel] === hash);
  const plan: WritePlan = { dir: out, files: [], conflicts: [], kept: [], strays: [] };
  for (const [rel, text] of files) {
    const now = read(join(out, rel));
    if (now === undefined) plan.files.push({ path: rel, action: 'create' });
    else if (now.equals(Buffer.from(text))) plan.files.push({ path: rel, action: 'unchanged' });
    else {
      const diff = patch(rel, now.toString('utf8'), text);
      if (legacy || owned(rel, sha256(now))) plan.files.push({ path: rel, action: 'update', diff });
      else
        plan.conflicts.push({
          path: rel,
          reason:
            manifest && rel in manifest.files
              ? 'edited since it was generated'
              : 'not written by ohif-recipes',
          diff,
        });
    }
  }
  const listed = Object.keys(manifest?.files ?? {});
  for (const rel of listed) {
    if (files.has(rel)) continue;
    const now = read(join(out, rel));
    if (now === undefined) continue;
    if (owned(rel, sha256(now)))
      plan.files.push({ path: rel, action: 'remove', diff: patch(rel, now.toString('utf8'), '') });
    else plan.kept.push(rel);
  }
  plan.strays = strayFiles(out, [...files.keys(), ...listed]);
  return { plan, manifest };
}

/** `file.orig`, or `file.orig.N` when that is taken: where an overwritten file is kept. */
export function backupName(abs: string): string {
  let name = `${abs}.orig`;
  for (let n = 1; existsSync(name); n++) name = `${abs}.orig.${n}`;
  return name;
}
