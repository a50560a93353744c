import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import type { DatabaseEndpoint, RouteModel } from '../model/route-model.js';
import type { NativeTarget } from '../model/target.js';
import type { RecipeSpec } from '../input/types.js';
import { resolveRecipe, synth } from '../synth.js';
import { writeRecipe } from '../writer.js';
import { MAKE_SECRETS_SH } from '../assets/make-secrets.js';
import { TEMP_PATHS } from '../emit/nginx.js';
import { defaultCacheDir, ensureOhifDist, prepareWebRoot } from './ohif-dist.js';
import {
  BROTLI_STATIC_MODULE,
  DICOMWEB_PLUGIN,
  nativePrerequisites,
  onPath,
  POSTGRES_INDEX_PLUGIN,
} from './prereqs.js';
import {
  ensureDatabase,
  postgresBinDir,
  postgresReady,
  postgresUser,
  preparePostgres,
} from './postgres.js';
import { alive, commandLine, launch, stopPid, type ManagedProcess } from './processes.js';
import { NativeError } from './errors.js';

export interface NativeOptions {
  /**
   * The recipe: a variant and any options of the option table, meaning what they mean for
   * `generate` (--http-port is where nginx listens, or with TLS where it redirects;
   * --https-port the HTTPS port). Hosts and the default public URL are 127.0.0.1.
   */
  spec: RecipeSpec;
  /** The public URL's port on 127.0.0.1 when the spec names none (default 8080). */
  port?: number;
  stateDir?: string;
  /** Orthanc's HTTP port on loopback (default: a free one). */
  pacsPort?: number;
  /** The PostgreSQL index's port on loopback, for variants with one (default: a free one). */
  dbPort?: number;
  cacheDir?: string;
  /** Leave the servers running after this process exits (stop with `down`). */
  detach?: boolean;
  log?: (line: string) => void;
}

/** How one server of the stack is started and how we know it is up. */
interface ServiceSpec {
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
}

/** Ready when `url` answers 2xx. */
function httpReady(url: string): () => Promise<string | undefined> {
  return async () => {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return r.ok ? undefined : `HTTP ${r.status} from ${url}`;
    } catch (e) {
      return `${url}: ${(e as Error).message}`;
    }
  };
}

export interface NativeStack {
  model: RouteModel;
  stateDir: string;
  processes: ManagedProcess[];
  links: RouteModel['links'];
  dicom: { aeTitle: string; port: number; enabled: boolean };
  /** Stops every server it started, nginx first. */
  stop(): Promise<void>;
  /** Starts `postgres`, `orthanc` or `nginx` (again), waiting until it is ready unless told not to. */
  start(name: string, waitForHealth?: boolean): Promise<void>;
  /** Stops one server: SIGTERM with a grace period, or another signal (SIGKILL) at once. */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
}

export { NativeError };

const WORKER = { user: 'nobody', group: 'nogroup' };

export function defaultStateDir(variant: string): string {
  // As root the state must be reachable by nginx's unprivileged workers; /root is not.
  if (process.getuid?.() === 0) return join('/var/lib/ohif-recipes', variant);
  return join(
    process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'),
    'ohif-recipes',
    variant,
  );
}

function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => res(port));
    });
  });
}

async function waitReady(svc: ServiceSpec): Promise<void> {
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

/** Every ancestor of `dir` must be searchable by others, or nginx's workers cannot read the web root. */
function checkReachable(dir: string): void {
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) {
      throw new NativeError(
        `--state-dir ${dir}: nginx's worker user ${WORKER.user} cannot enter ${d} (no o+x); choose a directory such as /var/lib/ohif-recipes/<name>, or chmod o+x ${d}`,
      );
    }
  }
}

/** The numeric user and group ids of nginx's workers when we run as root. */
function workerIds(): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', WORKER.user], { encoding: 'utf8' }).trim()),
    gid: Number(
      execFileSync('getent', ['group', WORKER.group], { encoding: 'utf8' }).split(':')[2],
    ),
  };
}

function prepareStateDir(stateDir: string, asRoot: boolean): void {
  for (const d of ['logs', 'run', 'orthanc-db', 'nginx-temp'])
    mkdirSync(join(stateDir, d), { recursive: true });
  const ids = asRoot ? workerIds() : undefined;
  for (const t of TEMP_PATHS) {
    const p = join(stateDir, 'nginx-temp', t);
    mkdirSync(p, { recursive: true });
    if (ids) chownSync(p, ids.uid, ids.gid);
  }
}

/**
 * Runs make-secrets.sh (the viewer image's start script) for the native target: hashed
 * users and a self-signed certificate under the state dir, made once. nginx's workers
 * (nobody) must read htpasswd at request time; the key stays with root.
 */
function makeSecrets(model: RouteModel, stateDir: string, asRoot: boolean): void {
  const { htpasswd, certificate } = model.secrets;
  const selfSigned = model.tls.mode === 'self-signed' && certificate;
  if (!htpasswd && !selfSigned) return;
  const script = join(stateDir, 'run', 'make-secrets.sh');
  writeFileSync(script, MAKE_SECRETS_SH, { mode: 0o755 });
  const env: NodeJS.ProcessEnv = { ...process.env, OHIF_TLS_CN: model.publicUrl.host };
  if (htpasswd) env.OHIF_AUTH_FILE = htpasswd;
  if (selfSigned) env.OHIF_TLS_DIR = dirname(certificate);
  const r = spawnSync('sh', [script], { env, encoding: 'utf8' });
  if (r.status !== 0)
    throw new NativeError(r.stderr.trim() || `make-secrets.sh failed (${r.status})`);
  if (htpasswd && asRoot) {
    const { gid } = workerIds();
    chownSync(htpasswd, 0, gid);
    chownSync(dirname(htpasswd), 0, gid);
    chmodSync(dirname(htpasswd), 0o750);
  }
}

/** The private PostgreSQL cluster holding the PACS index (made at first start). */
function postgresService(
  db: DatabaseEndpoint,
  stateDir: string,
  log: (line: string) => void,
): { service: ServiceSpec; password: string } {
  const binDir = postgresBinDir() as string; // checked with the prerequisites
  const user = postgresUser();
  if (!existsSync(join(stateDir, 'postgres', 'PG_VERSION')))
    log(`creating the PostgreSQL cluster in ${join(stateDir, 'postgres')}...`);
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

/** Stops a stack recorded in `stateDir/run/stack.json` (from a detached `up`). */
export async function stopRecorded(stateDir: string): Promise<string[]> {
  const file = join(stateDir, 'run', 'stack.json');
  if (!existsSync(file))
    throw new NativeError(
      `no running stack recorded in ${file}; was it started with --state-dir ${stateDir}?`,
    );
  const { processes } = JSON.parse(readFileSync(file, 'utf8')) as {
    processes: Array<{ name: string; pid: number; bin: string; stopSignal?: NodeJS.Signals }>;
  };
  const stopped: string[] = [];
  // nginx first, so no request reaches a stopping PACS.
  for (const p of [...processes].reverse()) {
    // A recorded PID may have been reused since: only stop it if it still runs our binary.
    if (alive(p.pid) && commandLine(p.pid).includes(p.bin)) {
      await stopPid(p.pid, undefined, p.stopSignal);
      stopped.push(`${p.name} (pid ${p.pid})`);
    }
  }
  writeFileSync(file, JSON.stringify({ processes: [] }));
  return stopped;
}

/**
 * Runs a recipe natively on 127.0.0.1: the same route model rendered for the native
 * target, Debian's Orthanc + DICOMweb plugin and nginx, and the prebuilt OHIF viewer.
 * Starts Orthanc, then nginx, waits until both answer, and returns how to stop them.
 */
export async function startNative(opts: NativeOptions): Promise<NativeStack> {
  const log = opts.log ?? (() => undefined);
  const given = opts.spec;
  const name = given.variant;
  const probe = resolveRecipe({
    variant: name,
    ...(given.publicUrl ? { publicUrl: given.publicUrl } : {}),
  });
  if (probe.variant.gate) {
    throw new NativeError(
      `${name} needs ${probe.variant.gate.description}, which have no Debian packages and do not run natively; generate the docker recipe instead: ohif-recipes generate ${name} --out DIR`,
    );
  }
  const missing = nativePrerequisites(probe.variant.pacs).filter((p) => !p.found);
  if (missing.length > 0) {
    throw new NativeError(
      `missing prerequisites:\n${missing.map((m) => `  - ${m.what}: ${m.install}`).join('\n')}`,
    );
  }
  const tlsOn = given.tls !== undefined && given.tls !== false;
  // nginx's main port: HTTPS with TLS, else HTTP; the public URL's port unless told.
  const port =
    (tlsOn ? given.httpsPort : given.httpPort) ??
    opts.port ??
    (given.publicUrl ? probe.model.publicUrl.port : 8080);
  const portFlag =
    (tlsOn ? given.httpsPort : given.httpPort) !== undefined
      ? tlsOn
        ? '--https-port'
        : '--http-port'
      : '--port';
  if (!(await portFree(port)))
    throw new NativeError(`port ${port} on 127.0.0.1 is in use; choose another with ${portFlag}`);
  const redirectPort = tlsOn ? (given.httpPort ?? (await freePort())) : undefined;
  if (redirectPort !== undefined && !(await portFree(redirectPort)))
    throw new NativeError(`--http-port ${redirectPort} is in use; choose another`);
  const pacsPort = opts.pacsPort ?? (await freePort());
  if (opts.pacsPort !== undefined && !(await portFree(pacsPort)))
    throw new NativeError(`--pacs-port ${pacsPort} is in use; choose another`);
  const withDb = probe.variant.pacs.database === 'postgres';
  const dbPort = withDb ? (opts.dbPort ?? (await freePort())) : undefined;
  if (opts.dbPort !== undefined && withDb && !(await portFree(opts.dbPort)))
    throw new NativeError(`--db-port ${opts.dbPort} is in use; choose another`);
  const stateDir = resolve(opts.stateDir ?? defaultStateDir(name));
  const asRoot = process.getuid?.() === 0;
  const target: NativeTarget = {
    kind: 'native',
    stateDir,
    webRoot: join(stateDir, 'web'),
    pacsHttpPort: pacsPort,
    orthancPlugins: withDb ? [DICOMWEB_PLUGIN, POSTGRES_INDEX_PLUGIN] : [DICOMWEB_PLUGIN],
    ...(dbPort !== undefined ? { databasePort: dbPort } : {}),
    ...(existsSync(BROTLI_STATIC_MODULE) ? { brotliStaticModule: BROTLI_STATIC_MODULE } : {}),
    ...(asRoot ? { workerUser: `${WORKER.user} ${WORKER.group}` } : {}),
  };
  const spec: RecipeSpec = {
    ...given,
    publicUrl: given.publicUrl ?? `${tlsOn ? 'https' : 'http'}://127.0.0.1:${port}/`,
    ...(tlsOn ? { httpPort: redirectPort, httpsPort: port } : { httpPort: port }),
  };
  const { model, variant } = resolveRecipe(spec, target);
  if (asRoot) checkReachable(stateDir);
  mkdirSync(stateDir, { recursive: true, mode: 0o755 });
  prepareStateDir(stateDir, asRoot);
  const configDir = join(stateDir, 'recipe');
  writeRecipe(configDir, await synth(spec, target), { force: true });

  const dist = ensureOhifDist(model.ohifVersion, opts.cacheDir ?? defaultCacheDir(), log);
  log(`preparing the web root for ${model.viewer.basePath}...`);
  prepareWebRoot(
    dist,
    target.webRoot,
    model.viewer.basePath,
    join(configDir, 'config', variant.appConfigName),
    join(stateDir, 'run'),
  );

  makeSecrets(model, stateDir, asRoot);

  const detach = opts.detach === true;
  const conf = join(configDir, 'config', 'nginx.conf');
  const errorLog = join(stateDir, 'logs', 'nginx-error.log');
  const db = model.database;
  const pg = db ? postgresService(db, stateDir, log) : undefined;
  const services: ServiceSpec[] = [
    ...(pg ? [pg.service] : []),
    {
      name: 'orthanc',
      bin: onPath('Orthanc') as string,
      args: [`--logdir=${join(stateDir, 'logs')}`, join(configDir, 'config', 'orthanc.json')],
      log: join(stateDir, 'logs', 'orthanc.log'),
      where: `127.0.0.1:${pacsPort}`,
      ready: httpReady(`http://127.0.0.1:${pacsPort}/system`),
      startupMs: 60_000,
      stopSignal: 'SIGTERM',
      ...(db && pg ? { spawn: { env: { ...process.env, [db.passwordEnv]: pg.password } } } : {}),
    },
    {
      name: 'nginx',
      bin: onPath('nginx') as string,
      args: ['-p', stateDir, '-e', errorLog, '-c', conf, '-g', 'daemon off;'],
      log: join(stateDir, 'logs', 'nginx.stdout.log'),
      where: new URL(model.healthUrl).host,
      ready: httpReady(model.healthUrl),
      startupMs: 15_000,
      stopSignal: 'SIGTERM',
    },
  ];
  const processes: ManagedProcess[] = [];
  const find = (name: string): ServiceSpec => {
    const svc = services.find((x) => x.name === name);
    if (!svc) throw new NativeError(`no service named ${name}`);
    return svc;
  };
  const record = (): void =>
    writeFileSync(
      join(stateDir, 'run', 'stack.json'),
      JSON.stringify(
        {
          processes: processes.map((p) => {
            const { bin, stopSignal } = find(p.name);
            return { name: p.name, pid: p.pid, bin, stopSignal };
          }),
          links: model.links,
        },
        null,
        2,
      ),
    );
  /** Starts one service (again) and waits until it is ready. */
  const start = async (name: string, waitForHealth = true): Promise<void> => {
    const svc = find(name);
    log(`starting ${name} on ${svc.where}...`);
    const p = launch(name, svc.bin, svc.args, svc.log, detach, svc.spawn);
    processes.push(p);
    record();
    if (waitForHealth) {
      await waitReady(svc);
      svc.afterStart?.();
    }
  };
  const kill = async (name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const i = processes.findIndex((p) => p.name === name);
    const p = processes[i];
    if (!p) return;
    processes.splice(i, 1);
    if (signal === 'SIGTERM') await stopPid(p.pid, undefined, find(name).stopSignal);
    else {
      process.kill(p.pid, signal);
      while (alive(p.pid)) await new Promise((r) => setTimeout(r, 20));
    }
    record();
  };
  const stop = async (): Promise<void> => {
    // nginx first, so no request reaches a stopping PACS.
    for (const svc of [...services].reverse()) {
      for (const p of processes.filter((x) => x.name === svc.name))
        await stopPid(p.pid, undefined, svc.stopSignal);
    }
    processes.length = 0;
    record();
  };
  try {
    if (db) await start('postgres');
    await start('orthanc');
    const test = spawnSync(
      find('nginx').bin,
      ['-t', '-q', '-p', stateDir, '-e', errorLog, '-c', conf],
      { encoding: 'utf8' },
    );
    if (test.status !== 0) throw new NativeError(`nginx rejected ${conf}:\n${test.stderr}`);
    await start('nginx');
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    model,
    stateDir,
    processes,
    links: model.links,
    dicom: {
      aeTitle: model.dicom.aeTitle,
      port: model.dicom.port,
      enabled: model.dicom.expose !== 'none',
    },
    stop,
    start,
    kill,
  };
}
