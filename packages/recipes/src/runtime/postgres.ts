import { execFileSync, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { DatabaseEndpoint } from '../model/route-model.js';
import { NativeError } from './errors.js';
import { storedPassword } from './secrets.js';
import { NATIVE_DATA_DIRS } from '../model/processes.js';

/** Where Debian installs a PostgreSQL server's programs: the newest /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(root = '/usr/lib/postgresql'): string | undefined {
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d) && existsSync(join(root, d, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(root, majors[0], 'bin') : undefined;
}

/** The account PostgreSQL runs as: it refuses root, so a root runner uses Debian's `postgres` user. */
export interface PostgresUser {
  uid: number;
  gid: number;
}

export function postgresUser(): PostgresUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
    };
  } catch {
    throw new NativeError(
      'running as root, PostgreSQL needs the "postgres" user: apt-get install postgresql',
    );
  }
}

/** A private PostgreSQL cluster in the state dir: data, password file and how to start it. */
export interface PostgresCluster {
  dataDir: string;
  password: string;
  args: string[];
}

/**
 * Makes (once) a cluster owned by the `postgres` user (or us), with a random password for
 * the database user kept in <state>/secrets (0600). It listens on loopback TCP only: no
 * Unix socket, so nothing else on the machine shares it.
 */
export function preparePostgres(
  binDir: string,
  stateDir: string,
  db: DatabaseEndpoint,
  user: PostgresUser | undefined,
): PostgresCluster {
  const dataDir = join(stateDir, NATIVE_DATA_DIRS.database);
  const password = storedPassword(stateDir, 'db-password');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // initdb reads the password from a file the cluster owner alone can open, in a folder of
    // its own (the state's run folder is root's); both removed right after.
    const initDir = mkdtempSync(join(stateDir, '.initdb-'));
    const initPw = join(initDir, 'password');
    writeFileSync(initPw, password, { mode: 0o600 });
    if (user) {
      chownSync(dataDir, user.uid, user.gid);
      chownSync(initDir, user.uid, user.gid);
      chownSync(initPw, user.uid, user.gid);
    }
    const r = spawnSync(
      join(binDir, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        db.user,
        '--auth=scram-sha-256',
        `--pwfile=${initPw}`,
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
      ],
      { encoding: 'utf8', ...(user ?? {}) },
    );
    rmSync(initDir, { recursive: true, force: true });
    if (r.status !== 0)
      throw new NativeError(`initdb failed for ${dataDir}:\n${(r.stderr || r.stdout).trim()}`);
  }
  return {
    dataDir,
    password,
    args: [
      '-D',
      dataDir,
      '-p',
      String(db.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
  };
}

/** Creates the PACS's database once the server answers (idempotent). */
export function ensureDatabase(binDir: string, db: DatabaseEndpoint, password: string): void {
  const env = { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' };
  const conn = ['-h', db.host, '-p', String(db.port), '-U', db.user];
  const q = spawnSync(
    join(binDir, 'psql'),
    [...conn, '-d', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${db.name}'`],
    { encoding: 'utf8', env },
  );
  if (q.status !== 0) throw new NativeError(`psql could not reach PostgreSQL: ${q.stderr.trim()}`);
  if (q.stdout.trim() === '1') return;
  const c = spawnSync(join(binDir, 'createdb'), [...conn, db.name], { encoding: 'utf8', env });
  if (c.status !== 0) throw new NativeError(`createdb ${db.name} failed: ${c.stderr.trim()}`);
}

/** pg_isready: undefined when the server accepts connections, else why not. */
export function postgresReady(binDir: string, db: DatabaseEndpoint): string | undefined {
  const r = spawnSync(
    join(binDir, 'pg_isready'),
    ['-h', db.host, '-p', String(db.port), '-d', 'postgres'],
    { encoding: 'utf8' },
  );
  return r.status === 0 ? undefined : r.stdout.trim() || `pg_isready exit ${r.status}`;
}
