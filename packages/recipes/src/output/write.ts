import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MANIFEST, manifestFor, manifestText } from './manifest.js';
import {
  backupName,
  planAgainstManifest,
  TEMP_SUFFIX,
  WriteError,
  type WritePlan,
} from './plan.js';

export interface WriteResult {
  plan: WritePlan;
  /** Files the operator had changed, copied aside before they were replaced (with --force). */
  backups: Array<{ path: string; backup: string }>;
}

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of the path is a file',
  EISDIR: 'a folder is in the way',
};

/** The error writing below `file`'s nearest existing folder gives (mkdir -p says ENOENT on a read-only mount). */
function realCode(file: string, code: string): string {
  if (code !== 'ENOENT') return code;
  let at = file;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  try {
    accessSync(at, constants.W_OK);
    return code;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? code;
  }
}

/** An fs error as a WriteError naming the file and the fix. */
function writeFailure(e: unknown, file: string): WriteError {
  const code = realCode(file, (e as NodeJS.ErrnoException).code ?? '');
  return new WriteError(
    `cannot write ${file} (${WHY[code] ?? code ?? String(e)}); fix: choose a writable --out${code === 'ENOSPC' ? ' or free some space' : ''}`,
  );
}

function conflictMessage(plan: WritePlan): string {
  const parts = plan.conflicts.map((c) => `${c.path}: ${c.reason}\n${c.diff}`);
  return `${plan.dir}: ${plan.conflicts.length} generated file(s) would replace a file the operator changed or wrote:\n${parts.join('\n')}fix: put the change into the recipe's options (ohif-recipes.json) and regenerate, move the file away, or pass --force to keep a copy beside it (.orig) and replace it`;
}

function tempOf(abs: string): string {
  return join(dirname(abs), `.${basename(abs)}${TEMP_SUFFIX}`);
}

/** Writes beside `abs`, then renames over it: readers see the old bytes or the new. */
function replace(abs: string, text: string): void {
  writeFileSync(tempOf(abs), text);
  renameSync(tempOf(abs), abs);
}

/** Removes now-empty folders between `abs`'s folder and `root` (never `root` itself). */
function pruneEmpty(root: string, abs: string): void {
  for (let d = dirname(abs); d !== root && d.startsWith(root); d = dirname(d)) {
    if (readdirSync(d).length > 0) return;
    rmdirSync(d);
  }
}

/**
 * Writes a recipe into `outDir`, owning only its own files. Files the manifest lists
 * unchanged are replaced (or removed when the recipe no longer has them); a file the
 * operator edited or wrote at a generated path is refused with a diff, or with `force`
 * copied aside first; every other file (`.env`, `certs/`, `.git`, data, notes) is left
 * alone. Each file is written beside its target and renamed over it; the manifest keeps the
 * previous hashes until the last rename, so an interrupted write is completed by the next.
 */
export function writeRecipe(
  outDir: string,
  files: ReadonlyMap<string, string>,
  options: { force?: boolean } = {},
): WriteResult {
  const { plan, manifest } = planAgainstManifest(outDir, files);
  if (plan.conflicts.length > 0 && !options.force) throw new WriteError(conflictMessage(plan));
  const out = plan.dir;
  const at = (rel: string) => join(out, rel);
  const temps: string[] = [];
  let current = '';
  try {
    current = out;
    mkdirSync(out, { recursive: true });
    for (const s of plan.strays) rmSync(at(s), { force: true });
    const backups = plan.conflicts.map((c) => {
      current = at(c.path);
      const backup = backupName(current);
      copyFileSync(current, backup);
      return { path: c.path, backup: backup.slice(out.length + 1) };
    });
    const changed = [
      ...plan.files.filter((f) => f.action === 'create' || f.action === 'update'),
      ...plan.conflicts,
    ].map((f) => f.path);
    for (const rel of changed) {
      current = at(rel);
      mkdirSync(dirname(current), { recursive: true });
      const tmp = tempOf(current);
      temps.push(tmp);
      writeFileSync(tmp, files.get(rel) as string);
      if (rel.endsWith('.sh')) chmodSync(tmp, 0o755);
    }
    current = at(MANIFEST);
    replace(current, manifestText(manifestFor(files, manifest?.files ?? {})));
    for (const rel of changed) {
      current = at(rel);
      renameSync(tempOf(current), current);
    }
    temps.length = 0;
    for (const f of plan.files.filter((x) => x.action === 'remove')) {
      current = at(f.path);
      rmSync(current, { force: true });
      pruneEmpty(out, current);
    }
    current = at(MANIFEST);
    replace(current, manifestText(manifestFor(files)));
    return { plan, backups };
  } catch (e) {
    for (const t of temps) rmSync(t, { force: true });
    if (e instanceof WriteError) throw e;
    throw writeFailure(e, current);
  }
}
