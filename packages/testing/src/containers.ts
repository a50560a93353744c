import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from './process.js';
import { tempDir } from './tmp.js';

/** The stand-in images' sources (one folder per pinned image, named by its IMAGE_PINS key). */
export const CONTAINERS_DIR = fileURLToPath(new URL('../containers/', import.meta.url));

/** Debian 12 minbase, made with debootstrap and imported: the base of every stand-in. */
export const BASE_IMAGE = 'localhost/ohif-recipes/debian:bookworm';

/** Bumped when the base image's recipe below changes, so machines make it again. */
const BASE_RECIPE = 'bookworm-minbase-3';

const LABEL = 'org.ohif-recipes.recipe';

/** Where the debootstrap tree is made (kept out of the repository, reused per machine). */
const CACHE = join(
  process.env.OHIF_RECIPES_CACHE ?? join(homedir(), '.cache', 'ohif-recipes'),
  'containers',
);

/** Podman's settings for this machine (cgroupfs, runc, file events, ulimits): see containers.conf. */
export function containerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, CONTAINERS_CONF: join(CONTAINERS_DIR, 'containers.conf'), ...extra };
}

export type Log = (line: string) => void;

/** Runs podman (or another tool) with the tier's settings; throws with its output on failure. */
export function run(
  cmd: string,
  args: readonly string[],
  opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: opts.env ?? containerEnv(),
    cwd: opts.cwd,
    input: opts.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`.slice(
        0,
        8000,
      ),
    );
  return r;
}

/** The value of the tier's label on a local image, or undefined when the image is absent. */
function imageRecipe(image: string): string | undefined {
  const r = spawnSync(
    'podman',
    ['image', 'inspect', '--format', `{{ index .Labels "${LABEL}" }}`, image],
    {
      encoding: 'utf8',
      env: containerEnv(),
    },
  );
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Runs a long step with its output in a log file; `log` says what and how long. */
async function step(
  log: Log,
  what: string,
  cmd: string,
  args: string[],
  logFile: string,
): Promise<void> {
  const started = Date.now();
  log(`${what} (log: ${logFile})`);
  const p = startProcess(cmd, args, logFile, containerEnv());
  const code = await new Promise<number | null>((resolve) =>
    p.child.once('exit', (c) => resolve(c)),
  );
  await p.stop();
  if (code !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`${what} failed (exit ${code}); last lines of ${logFile}:\n${tail}`);
  }
  log(`${what}: done in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Makes the Debian base image once per machine (about a minute: debootstrap, then import). */
export async function ensureBaseImage(log: Log): Promise<void> {
  if (imageRecipe(BASE_IMAGE) === BASE_RECIPE) return;
  mkdirSync(CACHE, { recursive: true });
  const tmp = tempDir('debootstrap');
  try {
    const root = join(tmp.path, 'rootfs');
    await step(
      log,
      "container tier: debootstrap Debian 12 (minbase) for the stand-ins' base image",
      'debootstrap',
      [
        '--variant=minbase',
        '--include=ca-certificates',
        'bookworm',
        root,
        'http://deb.debian.org/debian',
      ],
      join(CACHE, 'debootstrap.log'),
    );
    // Security and point-release updates, no recommends, and no service starts inside builds.
    writeFileSync(
      join(root, 'etc/apt/sources.list'),
      [
        'deb http://deb.debian.org/debian bookworm main',
        'deb http://deb.debian.org/debian bookworm-updates main',
        'deb http://deb.debian.org/debian-security bookworm-security main',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(root, 'etc/apt/apt.conf.d/90ohif-recipes'),
      'APT::Install-Recommends "false";\n',
    );
    writeFileSync(join(root, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    // Builds reach the package registries the way this machine does: through its own trusted
    // certificate authorities, if it has any (a TLS-inspecting proxy, a company CA).
    const localCas = '/usr/local/share/ca-certificates';
    if (existsSync(localCas)) {
      cpSync(localCas, join(root, localCas), { recursive: true });
      run('chroot', [root, 'update-ca-certificates'], { env: process.env });
    }
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imp = spawn(
      'podman',
      [
        'import',
        '--change',
        'CMD ["bash"]',
        '--change',
        `LABEL ${LABEL}=${BASE_RECIPE}`,
        '-',
        BASE_IMAGE,
      ],
      { stdio: ['pipe', 'ignore', 'pipe'], env: containerEnv() },
    );
    tar.stdout.pipe(imp.stdin);
    let err = '';
    imp.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => imp.once('exit', resolve));
    if (code !== 0) throw new Error(`podman import of the base image failed: ${err}`);
    log(`container tier: imported ${BASE_IMAGE}`);
  } finally {
    tmp.remove();
  }
}

/** A digest of a stand-in's folder and the base image: it is rebuilt when either changes. */
function standInRecipe(dir: string): string {
  const h = createHash('sha256').update(BASE_RECIPE);
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 16);
}

/** The fully qualified name podman stores an image under (short names are Docker Hub's). */
export function qualified(image: string): string {
  const first = image.split('/')[0] ?? '';
  const hasRegistry =
    image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasRegistry ? image : `docker.io/${image.includes('/') ? image : `library/${image}`}`;
}

/**
 * Builds every stand-in under its upstream name (`pins`: IMAGE_PINS key -> image), once per
 * machine and again only when its folder changes. Progress goes to `log`.
 */
export async function ensureStandIns(pins: Record<string, string>, log: Log): Promise<void> {
  for (const tool of ['podman', 'debootstrap', 'docker-compose'])
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(
        `the container tier needs ${tool}; install the test prerequisites with: bash tools/scripts/ensure-deps.sh`,
      );
  await ensureBaseImage(log);
  mkdirSync(CACHE, { recursive: true });
  for (const name of readdirSync(CONTAINERS_DIR).sort()) {
    const dir = join(CONTAINERS_DIR, name);
    if (!existsSync(join(dir, 'Containerfile'))) continue;
    const image = pins[name];
    if (!image)
      throw new Error(
        `${dir}: no pinned image named ${name} (IMAGE_PINS in packages/recipes/src/versions.ts)`,
      );
    const recipe = standInRecipe(dir);
    if (imageRecipe(qualified(image)) === recipe) continue;
    await step(
      log,
      `container tier: building the stand-in for ${image} from Debian packages`,
      'podman',
      [
        'build',
        '--layers',
        '--label',
        `${LABEL}=${recipe}`,
        '-t',
        qualified(image),
        '-f',
        join(dir, 'Containerfile'),
        dir,
      ],
      join(CACHE, `build-${name}.log`),
    );
  }
}

/**
 * Removes containers and volumes that an interrupted earlier run of the tier left behind
 * (compose projects named with `prefix`); nothing else on the machine is touched.
 */
export function removeLeftovers(prefix: string): void {
  const list = (args: string[]) =>
    run('podman', args)
      .stdout.split('\n')
      .filter((n) => n.startsWith(prefix));
  const containers = list(['ps', '-a', '--format', '{{.Names}}']);
  if (containers.length) run('podman', ['rm', '-f', ...containers]);
  const volumes = list(['volume', 'ls', '--format', '{{.Name}}']);
  if (volumes.length) run('podman', ['volume', 'rm', '-f', ...volumes]);
  const networks = list(['network', 'ls', '--format', '{{.Name}}']);
  if (networks.length) run('podman', ['network', 'rm', '-f', ...networks]);
}

export interface PodmanService {
  /** DOCKER_HOST for docker-compose: Podman's Docker-compatible API. */
  dockerHost: string;
  /** The environment docker-compose and podman run with. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * Starts Podman's Docker-compatible API on a socket in `dir`, plus the health-check loop
 * Podman 4.3 lacks without systemd (so `depends_on: condition: service_healthy` works).
 * `stop()` ends both by PID.
 */
export async function startPodmanService(dir: string): Promise<PodmanService> {
  const sock = join(dir, 'podman.sock');
  const service = startProcess(
    'podman',
    ['system', 'service', '--time=0', `unix://${sock}`],
    join(dir, 'podman-service.log'),
    containerEnv(),
  );
  const deadline = Date.now() + 20_000;
  while (!existsSync(sock)) {
    if (Date.now() > deadline || service.child.exitCode !== null) {
      await service.stop();
      throw new Error(
        `podman system service did not open ${sock}; see ${join(dir, 'podman-service.log')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const dockerHost = `unix://${sock}`;
  // A separate process: tests block their own event loop in `docker-compose up`, which waits
  // for exactly these checks. Starting and unhealthy containers every 2 s, healthy ones every
  // 10 s (the recipes' compose interval).
  const checker = startProcess(
    'bash',
    [
      '-c',
      `n=0; while :; do
        states="--filter health=starting --filter health=unhealthy"
        [ $((n % 5)) = 0 ] && states="$states --filter health=healthy"
        for id in $(podman ps -q $states); do podman healthcheck run "$id" >/dev/null 2>&1 & done
        wait; n=$((n + 1)); sleep 2
      done`,
    ],
    join(dir, 'healthchecks.log'),
    containerEnv(),
  );
  return {
    dockerHost,
    env: containerEnv({ DOCKER_HOST: dockerHost, COMPOSE_HTTP_TIMEOUT: '600' }),
    async stop() {
      await checker.stop(2_000);
      await service.stop();
    },
  };
}
