import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchFor } from '@ohif-recipes/testing/e2e';
import { freePort, run, tempDir, type PodmanService } from '@ohif-recipes/testing';
import { servedRoots, type Served } from '../e2e/checks.js';

const CLI = fileURLToPath(new URL('../../bin/ohif-recipes.js', import.meta.url));

/** Compose project names of this tier start so (left-overs of a killed run are removed by it). */
export const PROJECT_PREFIX = 'ohifct';

export const BASIC_USER = 'radiologist';
export const BASIC_PASSWORD = 'correct-horse-battery';

export interface ComposeOptions {
  variant: string;
  /** `ohif/` for a sub-path deployment. */
  subPath?: string;
  auth?: 'basic';
  tls?: boolean;
  /** `--dicomweb-cache`, when not the default. */
  dicomwebCache?: string;
}

export interface ComposeStack extends Served {
  dir: string;
  project: string;
  dicomPort: number;
  /** The PACS route's public path, e.g. `/pacs/`. */
  pacsPath: string;
  /** Ports published on 127.0.0.1: plain HTTP (redirects only under TLS) and HTTPS. */
  httpPort: number;
  httpsPort?: number;
  /** Runs docker-compose in the recipe folder; throws with its output on failure. */
  compose(args: readonly string[]): SpawnSyncReturns<string>;
  /** The id of a service's container. */
  containerId(service: string): string;
  /** `podman inspect` of a service's container. */
  inspect(service: string): ContainerState;
  /** Waits until every service with a health check is healthy and the viewer answers. */
  waitReady(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface ContainerState {
  Id: string;
  RestartCount: number;
  State: { Status: string; Pid: number; StartedAt: string; Health?: { Status: string } };
}

/** Throwaway secrets for .env, as an operator would fill it in (users come next, hashed). */
function fillEnv(example: string): string {
  return example.replace(/^([A-Z][A-Z0-9_]*)=$/gm, (_, k: string) =>
    k === 'OHIF_BASIC_AUTH_USERS' ? `${k}=` : `${k}=${randomBytes(18).toString('hex')}`,
  );
}

/**
 * Generates a recipe with the CLI (loopback public URL on free ports, so compose publishes on
 * 127.0.0.1 only), fills in .env, builds the viewer image and starts the project through
 * Podman's Docker API, as an operator's `docker compose up -d --build` would.
 */
export async function startComposeStack(
  podman: PodmanService,
  opts: ComposeOptions,
  log: (line: string) => void,
): Promise<ComposeStack> {
  const tmp = tempDir(`compose-${opts.variant}`);
  const dir = join(tmp.path, 'recipe');
  const project = `${PROJECT_PREFIX}${randomBytes(4).toString('hex')}`;
  const [httpPort, httpsPort, dicomPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const publicPort = opts.tls ? httpsPort : httpPort;
  const publicUrl = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${publicPort}/${opts.subPath ?? ''}`;
  const gen = spawnSync(
    process.execPath,
    [
      CLI,
      'generate',
      opts.variant,
      '--out',
      dir,
      '--public-url',
      publicUrl,
      '--http-port',
      String(httpPort),
      '--dicom-port',
      String(dicomPort),
      ...(opts.tls ? ['--tls', '--https-port', String(httpsPort)] : []),
      ...(opts.auth ? ['--auth', opts.auth] : []),
      ...(opts.dicomwebCache ? ['--dicomweb-cache', opts.dicomwebCache] : []),
    ],
    { encoding: 'utf8' },
  );
  if (gen.status !== 0) throw new Error(`generate failed: ${gen.stderr}`);
  writeFileSync(join(dir, '.env'), fillEnv(readFileSync(join(dir, '.env.example'), 'utf8')), {
    mode: 0o600,
  });
  if (opts.auth === 'basic') {
    // As the operator's docs say: only a hash goes into .env.
    const add = spawnSync(process.execPath, [CLI, 'user', 'add', BASIC_USER, '--dir', dir], {
      encoding: 'utf8',
      env: { ...process.env, OHIF_NEW_PASSWORD: BASIC_PASSWORD },
    });
    if (add.status !== 0) throw new Error(`user add failed: ${add.stderr}`);
  }
  const env = { ...podman.env, COMPOSE_PROJECT_NAME: project };
  const compose = (args: readonly string[]) => run('docker-compose', args, { cwd: dir, env });
  const containerId = (service: string) =>
    compose(['ps', '-q', service]).stdout.trim().split('\n')[0] ?? '';
  const inspect = (service: string) =>
    (
      JSON.parse(run('podman', ['inspect', containerId(service)]).stdout) as ContainerState[]
    )[0] as ContainerState;

  const origin = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${publicPort}`;
  let stack: ComposeStack | undefined;
  const close = async () => {
    try {
      compose(['down', '-v', '--remove-orphans', '--timeout', '10']);
    } finally {
      tmp.remove();
    }
  };
  try {
    let started = Date.now();
    log(
      `${project}: docker-compose build (${opts.variant}${opts.subPath ? ` /${opts.subPath}` : ''})`,
    );
    compose(['build']);
    log(
      `${project}: built in ${Math.round((Date.now() - started) / 1000)} s; docker-compose up -d`,
    );
    started = Date.now();
    compose(['up', '-d']);
    const services = compose(['config', '--services']).stdout.split('\n').filter(Boolean);
    stack = {
      dir,
      project,
      origin,
      href: publicUrl,
      httpPort,
      ...(opts.tls ? { httpsPort } : {}),
      dicomPort,
      pacsPath: `/${opts.subPath ?? ''}pacs/`,
      roots: { qidoRoot: '', wadoRoot: '', wadoUriRoot: '' },
      fetch: fetchFor(),
      compose,
      containerId,
      inspect,
      async waitReady(timeoutMs = 180_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const states = services.map((s) => inspect(s).State);
          if (
            states.every(
              (st) => st.Status === 'running' && (st.Health?.Status ?? 'healthy') === 'healthy',
            )
          ) {
            // Plain HTTP answers /healthz in every recipe (under TLS, the redirect server does).
            const r = await fetchFor()(`http://127.0.0.1:${httpPort}/healthz`).catch(
              () => undefined,
            );
            if (r?.status === 200) return;
          }
          if (Date.now() > deadline)
            throw new Error(
              `${project}: not ready after ${timeoutMs} ms: ${services.map((s, i) => `${s} ${states[i]?.Status}/${states[i]?.Health?.Status ?? '-'}`).join(', ')}\n${compose(['logs', '--tail', '40']).stdout}`,
            );
          await new Promise((r) => setTimeout(r, 1_000));
        }
      },
      close,
    };
    await stack.waitReady();
    log(`${project}: every service healthy in ${Math.round((Date.now() - started) / 1000)} s`);
    if (opts.tls) {
      // The certificate the viewer container made at first start, for verified HTTPS.
      const ca = Buffer.from(
        run('podman', ['exec', containerId('viewer'), 'cat', '/var/lib/ohif-recipes/tls/tls.crt'])
          .stdout,
      );
      stack.fetch = fetchFor({
        ca,
        ...(opts.auth ? { auth: `${BASIC_USER}:${BASIC_PASSWORD}` } : {}),
      });
    } else if (opts.auth) {
      stack.fetch = fetchFor({ auth: `${BASIC_USER}:${BASIC_PASSWORD}` });
    }
    stack.browserContext = {
      ...(opts.tls ? { ignoreHTTPSErrors: true } : {}),
      ...(opts.auth ? { httpCredentials: { username: BASIC_USER, password: BASIC_PASSWORD } } : {}),
    };
    stack.roots = await servedRoots(publicUrl, stack.fetch);
    return stack;
  } catch (e) {
    try {
      const logs = compose(['logs', '--tail', '60']).stdout;
      log(`${project}: failed to start; last logs:\n${logs}`);
    } catch {
      /* the project may not exist yet */
    }
    await close();
    throw e;
  }
}
