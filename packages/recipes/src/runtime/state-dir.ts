// The native stack's state directory: where it is, that nginx's workers can reach it, its layout.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { TEMP_PATHS } from '../model/processes.js';
import { NativeError } from './errors.js';

/**
 * The account nginx's workers run as when the runner is root: Debian's, which no other
 * service shares by default (unlike nobody), so the users files and the DICOMweb cache are
 * nginx's alone.
 */
export const WORKER = { user: 'www-data', group: 'www-data' };

export function defaultStateDir(variant: string): string {
  // As root the state must be reachable by nginx's unprivileged workers; /root is not.
  if (process.getuid?.() === 0) return join('/var/lib/ohif-recipes', variant);
  return join(
    process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'),
    'ohif-recipes',
    variant,
  );
}

/** Every ancestor of `dir` must be searchable by others, or nginx's workers cannot read the web root. */
export function checkReachable(dir: string): void {
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) {
      throw new NativeError(
        `--state-dir ${dir}: nginx's worker user ${WORKER.user} cannot enter ${d} (no o+x); choose a directory such as /var/lib/ohif-recipes/<name>, or chmod o+x ${d}`,
      );
    }
  }
}

/** The numeric user and group ids of nginx's workers when we run as root. */
export function workerIds(): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', WORKER.user], { encoding: 'utf8' }).trim()),
    gid: Number(
      execFileSync('getent', ['group', WORKER.group], { encoding: 'utf8' }).split(':')[2],
    ),
  };
}

/** A folder only its owner may enter (made, or tightened when an older run left it open). */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * The state directory's folders, plus `dataDirs` (the PACS's storage) and `nginxDirs` (what
 * nginx's workers write and nobody else reads). Only what nginx's workers serve or write is
 * open to them (the web root, their temp folders, `nginxDirs`); data, logs, configuration and
 * run files are the owner's alone, so no local user reads DICOM files, the index or the
 * PACS's credential.
 */
export function prepareStateDir(
  stateDir: string,
  asRoot: boolean,
  dataDirs: string[],
  nginxDirs: string[] = [],
): void {
  for (const d of ['logs', 'run', ...dataDirs])
    privateDir(d.startsWith('/') ? d : join(stateDir, d));
  mkdirSync(join(stateDir, 'nginx-temp'), { recursive: true });
  const ids = asRoot ? workerIds() : undefined;
  for (const t of TEMP_PATHS) {
    const p = join(stateDir, 'nginx-temp', t);
    mkdirSync(p, { recursive: true });
    if (ids) chownSync(p, ids.uid, ids.gid);
  }
  for (const d of nginxDirs) {
    privateDir(d);
    if (ids) chownSync(d, ids.uid, ids.gid);
  }
}
