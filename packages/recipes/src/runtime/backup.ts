// Cold backups of a native state directory: the data folders only (not the web root, the
// generated configuration, logs or run files, which `up` makes again).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NATIVE_DATA_DIRS } from '../model/processes.js';
import { NativeError } from './errors.js';
import { alive } from './processes.js';
import { readRecord } from './supervisor.js';

const DATA = Object.values(NATIVE_DATA_DIRS) as string[];

/** Backup and restore need the PACS and its database stopped: a running one writes on. */
function refuseRunning(stateDir: string, what: string): void {
  const rec = readRecord(stateDir);
  const running = [
    ...(rec?.supervisor && alive(rec.supervisor) ? [`up (pid ${rec.supervisor})`] : []),
    ...(rec?.processes ?? []).filter((p) => alive(p.pid)).map((p) => `${p.name} (pid ${p.pid})`),
  ];
  if (running.length > 0)
    throw new NativeError(
      `${what} needs the stack stopped (running: ${running.join(', ')}); fix: ohif-recipes down --state-dir ${stateDir}, then ${what}, then up again`,
    );
}

function tar(args: string[]): void {
  const r = spawnSync('tar', args, { encoding: 'utf8' });
  if (r.status !== 0)
    throw new NativeError(`tar ${args.join(' ')} failed: ${(r.stderr || String(r.error)).trim()}`);
}

/**
 * Writes the state directory's data folders (PACS storage and index, PostgreSQL cluster,
 * secrets, users, certificate) into one .tar.gz, owners and modes kept. The file appears
 * only when complete.
 */
export function backupState(stateDir: string, to?: string): { file: string; dirs: string[] } {
  const dir = resolve(stateDir);
  if (!existsSync(dir))
    throw new NativeError(
      `--state-dir ${dir} does not exist; fix: give the --state-dir that up used`,
    );
  refuseRunning(dir, 'backup');
  const dirs = DATA.filter((d) => existsSync(join(dir, d)));
  if (dirs.length === 0)
    throw new NativeError(`${dir} holds no data yet; fix: give the --state-dir that up used`);
  const file = resolve(
    to ?? join(dir, 'backups', `backup-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`),
  );
  mkdirSync(dirname(file), { recursive: true });
  const partial = join(dirname(file), `.${basename(file)}.partial`);
  try {
    tar(['-C', dir, '--numeric-owner', '-czf', partial, ...dirs]);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { file, dirs };
}

/**
 * Replaces the state directory's data folders with a backup's. The archive is unpacked
 * beside them first and checked to hold only data folders; the current ones are swapped
 * out only then, and removed once the restored ones are in place.
 */
export function restoreState(stateDir: string, file: string): { dirs: string[] } {
  const dir = resolve(stateDir);
  if (!existsSync(file))
    throw new NativeError(`${file} does not exist; fix: give a file ohif-recipes backup wrote`);
  mkdirSync(dir, { recursive: true });
  refuseRunning(dir, 'restore');
  const listing = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
  const tops = new Set(
    listing.stdout
      .split('\n')
      .filter(Boolean)
      .map((p) => p.replace(/^\.\//, '').split('/')[0] as string),
  );
  const foreign = [...tops].filter((t) => !DATA.includes(t));
  if (listing.status !== 0 || tops.size === 0 || foreign.length > 0)
    throw new NativeError(
      `${file} is not a backup of a state directory${foreign.length ? ` (it holds ${foreign.slice(0, 3).join(', ')})` : ''}; fix: give a file ohif-recipes backup wrote`,
    );
  const staging = mkdtempSync(join(dir, '.restore-'));
  try {
    tar(['-C', staging, '--numeric-owner', '-xzf', file]);
    const dirs = readdirSync(staging);
    for (const d of DATA) {
      const old = join(dir, d);
      const aside = join(staging, `${d}.before-restore`);
      if (existsSync(old)) renameSync(old, aside);
      if (dirs.includes(d)) renameSync(join(staging, d), old);
    }
    return { dirs };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
