// Secrets the native stack makes at first start, with the viewer image's own script.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAKE_SECRETS_SH } from '../assets/make-secrets.js';
import { NATIVE_DATA_DIRS } from '../model/processes.js';
import type { RouteModel } from '../model/route-model.js';
import { NativeError } from './errors.js';
import { privateDir, workerIds } from './state-dir.js';

/**
 * Runs make-secrets.sh (the viewer image's start script) for the native target: hashed
 * users and a self-signed certificate under the state dir, made once. nginx's workers
 * (www-data) must read htpasswd at request time; the key stays with root.
 */
export function makeSecrets(model: RouteModel, stateDir: string, asRoot: boolean): void {
  const { htpasswd, certificate } = model.secrets;
  const selfSigned = model.tls.mode === 'self-signed' && certificate;
  if (!htpasswd && !selfSigned) return;
  const script = join(stateDir, 'run', 'make-secrets.sh');
  writeFileSync(script, MAKE_SECRETS_SH, { mode: 0o755 });
  const env: NodeJS.ProcessEnv = { ...process.env, OHIF_TLS_CN: model.publicUrl.host };
  if (htpasswd) env.OHIF_AUTH_FILE = htpasswd;
  const admins = model.secrets.adminHtpasswd;
  if (admins) env.OHIF_ADMIN_AUTH_FILE = admins;
  if (selfSigned) env.OHIF_TLS_DIR = dirname(certificate);
  const r = spawnSync('sh', [script], { env, encoding: 'utf8' });
  if (r.status !== 0)
    throw new NativeError(r.stderr.trim() || `make-secrets.sh failed (${r.status})`);
  // The key is for nginx's master (root) alone.
  if (selfSigned) privateDir(dirname(certificate));
  if (htpasswd && asRoot) {
    const { gid } = workerIds();
    if (admins) chownSync(admins, 0, gid);
    chownSync(htpasswd, 0, gid);
    chownSync(dirname(htpasswd), 0, gid);
    chmodSync(dirname(htpasswd), 0o750);
  }
}

/**
 * A random password kept in <state>/secrets/`name` (0600 in a 0700 folder), made on first
 * use and read back on every later start.
 */
export function storedPassword(stateDir: string, name: string): string {
  const dir = join(stateDir, NATIVE_DATA_DIRS.secrets);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * The PACS credential only nginx holds: a random password kept in <state>/secrets (made
 * once), and the nginx include that sends it upstream, both readable by root alone.
 * Returns the PACS's environment and the header its probes send.
 */
export function pacsCredential(
  model: RouteModel,
  stateDir: string,
): { env: Record<string, string>; headers: Record<string, string> } {
  const credential = model.pacsServer.credential;
  if (!credential) return { env: {}, headers: {} };
  const password = storedPassword(stateDir, 'pacs-password');
  const authorization = `Basic ${Buffer.from(`${credential.user}:${password}`).toString('base64')}`;
  writeFileSync(
    credential.authorizationInclude,
    `# Made by ohif-recipes at start: nginx's credential for the PACS. Keep private.\nproxy_set_header Authorization "${authorization}";\n`,
    { mode: 0o600 },
  );
  chmodSync(credential.authorizationInclude, 0o600);
  return {
    env: { [credential.passwordEnv]: password },
    headers: { Authorization: authorization },
  };
}
