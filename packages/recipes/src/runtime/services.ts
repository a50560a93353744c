// How each server of the native stack starts, where it listens and how we know it is up.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseEndpoint, RouteModel } from '../model/route-model.js';
import { NATIVE_DATA_DIRS } from '../model/processes.js';
import { NativeError } from './errors.js';
import {
  ensureDatabase,
  postgresBinDir,
  postgresReady,
  postgresUser,
  preparePostgres,
} from './postgres.js';
import type { NativeServer } from '../pacs/types.js';
import { onPath } from './prereqs.js';

/** How one server of the stack is started and how we know it is up. */
export interface ServiceSpec {
  name: string;
  bin: string;
  args: string[];
  log: string;
  /** Where it listens, for progress output. */
  where: string;
  /** undefined once it serves; otherwise what went wrong last. */
  ready(): Promise<string | undefined>;
  startupMs: number;
  /** What stops it cleanly (PostgreSQL: SIGINT, a fast shutdown that does not wait for clients). */
  stopSignal: NodeJS.Signals;
  /** Runs as this account (PostgreSQL refuses root) with these extra variables. */
  spawn?: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv };
  /** Runs after it is ready (e.g. create the database). */
  afterStart?: () => void;
  /** Restarted when it keeps failing `ready()` while running (with the supervisor's restarts). */
  liveness?: boolean;
}

/** Ready when `url` answers 2xx (asked with `headers`). */
export function httpReady(
  url: string,
  headers: Record<string, string> = {},
): () => Promise<string | undefined> {
  return async () => {
    try {
      const r = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
      return r.ok ? undefined : `HTTP ${r.status} from ${url}`;
    } catch (e) {
      return `${url}: ${(e as Error).message}`;
    }
  };
}

export async function waitReady(svc: ServiceSpec): Promise<void> {
  const deadline = Date.now() + svc.startupMs;
  let last: string | undefined = 'not checked';
  while (Date.now() < deadline) {
    last = await svc.ready();
    if (last === undefined) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new NativeError(
    `${svc.name} was not ready on ${svc.where} within ${svc.startupMs / 1000} s (last: ${last}); see ${svc.log}`,
  );
}

/** The private PostgreSQL cluster holding the PACS index (made at first start). */
export function postgresService(
  db: DatabaseEndpoint,
  stateDir: string,
  log: (line: string) => void,
): { service: ServiceSpec; password: string } {
  const binDir = postgresBinDir() as string; // checked with the prerequisites
  const user = postgresUser();
  if (!existsSync(join(stateDir, NATIVE_DATA_DIRS.database, 'PG_VERSION')))
    log(`creating the PostgreSQL cluster in ${join(stateDir, NATIVE_DATA_DIRS.database)}...`);
  const cluster = preparePostgres(binDir, stateDir, db, user);
  return {
    password: cluster.password,
    service: {
      name: 'postgres',
      bin: join(binDir, 'postgres'),
      args: cluster.args,
      log: join(stateDir, 'logs', 'postgres.log'),
      where: `${db.host}:${db.port}`,
      ready: async () => postgresReady(binDir, db),
      startupMs: 30_000,
      stopSignal: 'SIGINT',
      ...(user ? { spawn: { uid: user.uid, gid: user.gid } } : {}),
      afterStart: () => ensureDatabase(binDir, db, cluster.password),
    },
  };
}

/**
 * The stack's servers in start order: the PACS index (PostgreSQL) when the variant has one,
 * the PACS server processes its component describes, then nginx, all on loopback, logging into the
 * state directory.
 */
export function stackServices(
  model: RouteModel,
  pacsServers: readonly NativeServer[],
  paths: { stateDir: string; configDir: string },
  credential: { env: Record<string, string>; headers: Record<string, string> },
  log: (line: string) => void,
): ServiceSpec[] {
  const { stateDir, configDir } = paths;
  const db = model.database;
  const pg = db ? postgresService(db, stateDir, log) : undefined;
  const conf = join(configDir, 'config', 'nginx.conf');
  return [
    ...(pg ? [pg.service] : []),
    ...pacsServers.map((pacs): ServiceSpec => ({
      name: pacs.name,
      bin: onPath(pacs.command) as string, // checked with the prerequisites
      args: pacs.args,
      log: join(stateDir, 'logs', `${pacs.name}.log`),
      where: new URL(pacs.readyUrl).host,
      ready: httpReady(pacs.readyUrl, credential.headers),
      startupMs: pacs.startupMs,
      stopSignal: 'SIGTERM',
      liveness: true,
      spawn: {
        env: {
          ...process.env,
          ...credential.env,
          ...(db && pg ? { [db.passwordEnv]: pg.password } : {}),
        },
      },
    })),
    {
      name: 'nginx',
      bin: onPath('nginx') as string,
      args: ['-p', stateDir, '-e', model.nginxRuntime.errorLog, '-c', conf, '-g', 'daemon off;'],
      log: join(stateDir, 'logs', 'nginx.stdout.log'),
      where: new URL(model.healthUrl).host,
      ready: httpReady(model.healthUrl),
      startupMs: 15_000,
      stopSignal: 'SIGTERM',
    },
  ];
}
