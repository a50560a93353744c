import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { nativeConfigDir } from '../model/processes.js';
import type { NativeTarget } from '../model/target.js';
import type { RouteModel } from '../model/route-model.js';
import type { RecipeSpec } from '../input/types.js';
import { resolveRecipe, synthModel } from '../synth.js';
import { writeRecipe } from '../output/write.js';
import { NativeError } from './errors.js';
import { defaultCacheDir, ensureOhifDist, prepareWebRoot } from './ohif-dist.js';
import { claimPort, freePort } from './ports.js';
import type { NativeServer } from '../pacs/types.js';
import { BROTLI_STATIC_MODULE, nativePrerequisites } from './prereqs.js';
import type { ManagedProcess } from './processes.js';
import { makeSecrets, pacsCredential } from './secrets.js';
import { stackServices } from './services.js';
import {
  checkReachable,
  defaultStateDir,
  prepareStateDir,
  privateDir,
  WORKER,
} from './state-dir.js';
import { supervise } from './supervisor.js';

export { NativeError };
export { defaultStateDir } from './state-dir.js';
export { stopRecorded } from './supervisor.js';

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
  /** The PACS server's HTTP port on loopback (default: a free one). */
  pacsPort?: number;
  /** The PostgreSQL index's port on loopback, for variants with one (default: a free one). */
  dbPort?: number;
  cacheDir?: string;
  /**
   * Start a service that exits on its own again, with backoff, for as long as this process
   * runs (`ohif-recipes up`); the record then names this process as the supervisor.
   */
  restart?: boolean;
  log?: (line: string) => void;
}

export interface NativeStack {
  model: RouteModel;
  /** The (first) PACS server as its component describes it (name, ready and status URLs). */
  pacs: NativeServer;
  /** Every PACS server process (several when scaled out: web replicas, then ingest). */
  pacsServers: NativeServer[];
  /** What a request straight to the PACS must carry (its credential), for probes. */
  pacsHeaders: Record<string, string>;
  stateDir: string;
  processes: ManagedProcess[];
  links: RouteModel['links'];
  dicom: { aeTitle: string; port: number; enabled: boolean };
  /** Stops every server it started, nginx first. */
  stop(): Promise<void>;
  /** Starts a server by name (`postgres`, the PACS's, `nginx`) again, waiting until it is ready unless told not to. */
  start(name: string, waitForHealth?: boolean): Promise<void>;
  /** Stops one server: SIGTERM with a grace period, or another signal (SIGKILL) at once. */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Restarts so far of servers that exited on their own (with `restart`). */
  restarts: Record<string, number>;
  /** Records that the stack is up and serving. */
  ready(): void;
}

/** Refuses variants that cannot run natively, with the reason and the fix. */
function checkRunsNatively(name: string, publicUrl: string | undefined) {
  const probe = resolveRecipe({ variant: name, ...(publicUrl ? { publicUrl } : {}) });
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
  return probe;
}

/**
 * Runs a recipe natively on 127.0.0.1: the same route model rendered for the native
 * target, Debian's Orthanc + DICOMweb plugin and nginx (and PostgreSQL for the index when
 * the variant has one), and the prebuilt OHIF viewer. Starts each server in order, waits
 * until it answers, and returns how to stop them.
 */
export async function startNative(opts: NativeOptions): Promise<NativeStack> {
  const log = opts.log ?? (() => undefined);
  const given = opts.spec;
  const name = given.variant;
  if (given.target === 'kubernetes')
    throw new NativeError(
      'up runs the recipe on this machine; --target kubernetes is for generate (ohif-recipes generate ... --target kubernetes --out DIR)',
    );
  const probe = checkRunsNatively(name, given.publicUrl);
  const tlsOn = given.tls !== undefined && given.tls !== false;
  // nginx's main port: HTTPS with TLS, else HTTP; the public URL's port unless told.
  const mainFlag = tlsOn ? '--https-port' : '--http-port';
  const mainGiven = tlsOn ? given.httpsPort : given.httpPort;
  const port = await claimPort(
    mainGiven ?? opts.port ?? (given.publicUrl ? probe.model.publicUrl.port : 8080),
    mainGiven !== undefined ? mainFlag : '--port',
  );
  const redirectPort = tlsOn ? await claimPort(given.httpPort, '--http-port') : undefined;
  // Scaled out: one port per web replica, then the ingest process's.
  const replicas = given.orthancReplicas ?? 1;
  const pacsPorts = [await claimPort(opts.pacsPort, '--pacs-port')];
  while (pacsPorts.length < (replicas > 1 ? replicas + 1 : 1))
    pacsPorts.push(await claimPort(undefined, '--pacs-port'));
  const withDb = probe.variant.pacs.database === 'postgres';
  const dbPort = withDb ? await claimPort(opts.dbPort, '--db-port') : undefined;
  // The DICOM port is the PACS's to open: a busy one would only show as a start-up timeout.
  if ((given.dicom?.expose ?? probe.model.dicom.expose) !== 'none')
    await claimPort(given.dicom?.port ?? probe.model.dicom.port, '--dicom-port');
  // The DICOMweb cache's listener (a PACS that can tell nginx what changed, cache not off).
  const cacheOn = probe.model.input.dicomwebCache !== '0';
  const evictPort = cacheOn && probe.variant.pacs.cache ? await freePort() : undefined;
  const stateDir = resolve(opts.stateDir ?? defaultStateDir(name));
  const asRoot = process.getuid?.() === 0;
  const target: NativeTarget = {
    kind: 'native',
    stateDir,
    webRoot: join(stateDir, 'web'),
    pacsHttpPorts: pacsPorts,
    pacsPlugins: probe.variant.pacs.native?.plugins ?? [],
    ...(dbPort !== undefined ? { databasePort: dbPort } : {}),
    ...(existsSync(BROTLI_STATIC_MODULE) ? { brotliStaticModule: BROTLI_STATIC_MODULE } : {}),
    ...(asRoot ? { workerUser: `${WORKER.user} ${WORKER.group}` } : {}),
    ...(evictPort !== undefined
      ? { cacheEvict: { port: evictPort, token: randomBytes(18).toString('base64url') } }
      : {}),
  };
  const spec: RecipeSpec = {
    ...given,
    publicUrl: given.publicUrl ?? `${tlsOn ? 'https' : 'http'}://127.0.0.1:${port}/`,
    ...(tlsOn ? { httpPort: redirectPort, httpsPort: port } : { httpPort: port }),
  };
  const { model, variant } = resolveRecipe(spec, target);
  if (asRoot) checkReachable(stateDir);
  mkdirSync(stateDir, { recursive: true, mode: 0o755 });
  prepareStateDir(
    stateDir,
    asRoot,
    [model.pacsServer.storageDir],
    model.dicomwebCache?.metadata ? [model.dicomwebCache.metadata.changingDir] : [],
  );
  const configDir = nativeConfigDir(stateDir);
  writeRecipe(configDir, await synthModel(model), { force: true });
  privateDir(configDir);

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
  const credential = pacsCredential(model, stateDir);

  const pacsServers = (variant.pacs.native as NonNullable<typeof variant.pacs.native>).servers(
    model,
    { stateDir, configDir },
  );
  for (const p of pacsServers) if (p.logDir) mkdirSync(p.logDir, { recursive: true });
  const pacs = pacsServers[0] as NativeServer;
  const services = stackServices(model, pacsServers, { stateDir, configDir }, credential, log);
  const supervisor = supervise(services, stateDir, model.links, {
    log,
    restart: opts.restart === true,
  });
  try {
    if (model.database) await supervisor.start('postgres');
    // One after another: the first creates the index schema the others then share.
    for (const p of pacsServers) await supervisor.start(p.name);
    const nginx = services.find((s) => s.name === 'nginx');
    const conf = join(configDir, 'config', 'nginx.conf');
    const test = spawnSync(
      nginx?.bin as string,
      ['-t', '-q', '-p', stateDir, '-e', model.nginxRuntime.errorLog, '-c', conf],
      { encoding: 'utf8' },
    );
    if (test.status !== 0) throw new NativeError(`nginx rejected ${conf}:\n${test.stderr}`);
    await supervisor.start('nginx');
  } catch (e) {
    await supervisor.stop();
    throw e;
  }
  return {
    model,
    pacs,
    pacsServers,
    pacsHeaders: credential.headers,
    stateDir,
    processes: supervisor.processes,
    links: model.links,
    dicom: {
      aeTitle: model.dicom.aeTitle,
      port: model.dicom.port,
      enabled: model.dicom.expose !== 'none',
    },
    stop: supervisor.stop,
    start: supervisor.start,
    kill: supervisor.kill,
    restarts: supervisor.restarts,
    ready: supervisor.ready,
  };
}
