import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { ComposeModel, ComposeService } from '../model/compose-service.js';
import { onPath } from '../runtime/prereqs.js';

export interface NginxTest {
  /** undefined: the test ran (see status); else why it could not run here. */
  skipped?: string;
  status: number | null;
  output: string;
}

/**
 * The viewer as the recipe runs it: its compose service, or (Kubernetes target) the viewer
 * Deployment's container with its literal environment (values from the Secret left out).
 */
function viewerOf(recipeDir: string): Pick<ComposeService, 'environment' | 'volumes'> | undefined {
  const compose = join(recipeDir, 'docker-compose.yml');
  if (existsSync(compose))
    return (parse(readFileSync(compose, 'utf8')) as ComposeModel).services.viewer;
  const resources = join(recipeDir, 'kubernetes', 'base', 'resources.yaml');
  if (!existsSync(resources)) return undefined;
  const viewer = parseAllDocuments(readFileSync(resources, 'utf8'))
    .map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec?: PodTemplated })
    .find((o) => o.kind === 'Deployment' && o.metadata.name === 'viewer');
  const env = viewer?.spec?.template.spec.containers[0]?.env ?? [];
  return {
    environment: Object.fromEntries(
      env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]),
    ),
  };
}

interface PodTemplated {
  template: { spec: { containers: Array<{ env?: Array<{ name: string; value?: string }> }> } };
}

/**
 * `nginx -t` of a compose or Kubernetes recipe folder's nginx.conf with the host's nginx, as
 * the viewer container would load it: its upstream host names resolve to loopback through a
 * private /etc/hosts, and the secrets the container makes at start (scripts/make-secrets.sh
 * with the viewer's environment, throwaway values) are made on tmpfs, all inside a private
 * mount namespace. Needs root (mount namespaces), nginx and unshare; `scratch` is a temp dir.
 */
export function nginxTestRecipe(recipeDir: string, scratch: string): NginxTest {
  const nginx = onPath('nginx');
  const unshare = onPath('unshare');
  if (!nginx || !unshare)
    return {
      skipped: 'nginx or unshare not installed (apt-get install nginx util-linux)',
      status: null,
      output: '',
    };
  if (process.getuid?.() !== 0)
    return {
      skipped: 'needs root (a private mount namespace for /etc/hosts)',
      status: null,
      output: '',
    };
  const conf = readFileSync(join(recipeDir, 'config', 'nginx.conf'), 'utf8');
  const viewer = viewerOf(recipeDir);
  // Every upstream server name (compose services, Kubernetes Services) resolves to loopback.
  const names = [...conf.matchAll(/^\s*server ([A-Za-z][A-Za-z0-9.-]*):\d+;/gm)].map((m) => m[1]);
  mkdirSync(scratch, { recursive: true });
  const hosts = join(scratch, 'hosts');
  writeFileSync(hosts, `127.0.0.1 localhost ${[...new Set(names)].join(' ')}\n`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(viewer?.environment ?? {}),
    OHIF_BASIC_AUTH_USERS: 'check:throwaway-password',
  };
  const secretDirs = [env.OHIF_TLS_DIR, env.OHIF_AUTH_FILE && dirname(env.OHIF_AUTH_FILE)].filter(
    (d): d is string => !!d,
  );
  // Mounted certificate files (--tls-cert) are stood in for by self-signed ones.
  const tlsMounts = (viewer?.volumes ?? [])
    .map((v) => v.split(':')[1] as string)
    .filter((target) => target.endsWith('.crt') || target.endsWith('.key'));
  const tlsDir = tlsMounts[0] ? dirname(tlsMounts[0]) : undefined;
  const mountDirs = [...secretDirs, ...(tlsDir ? [tlsDir] : [])];
  const mounts = mountDirs.map((d) => `mkdir -p ${d} && mount -t tmpfs tmpfs ${d} && `).join('');
  const fileCerts = tlsDir ? `OHIF_TLS_DIR=${tlsDir} sh "$5" >/dev/null && ` : '';
  const script = `mount --bind "$1" /etc/hosts && ${mounts}${fileCerts}sh "$5" >/dev/null && exec "$2" -t -q -p "$3" -e "$3/error.log" -c "$4"`;
  const res = spawnSync(
    unshare,
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      script,
      'sh',
      hosts,
      nginx,
      scratch,
      join(recipeDir, 'config', 'nginx.conf'),
      join(recipeDir, 'scripts', 'make-secrets.sh'),
    ],
    { encoding: 'utf8', env },
  );
  // The mount points made on the shared file system stay empty: remove them.
  for (const d of mountDirs) {
    try {
      rmdirSync(d);
    } catch {
      /* not empty or not ours */
    }
  }
  return { status: res.status, output: `${res.stdout}${res.stderr}`.trim() };
}
