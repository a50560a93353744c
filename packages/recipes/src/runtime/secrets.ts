// Secrets the native stack makes at first start, with the viewer image's own script.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAKE_SECRETS_SH } from '../assets/make-secrets.js';
import type { RouteModel } from '../model/route-model.js';
import { NativeError } from './errors.js';
import { workerIds } from './state-dir.js';

/**
 * Runs make-secrets.sh (the viewer image's start script) for the native target: hashed
 * users and a self-signed certificate under the state dir, made once. nginx's workers
 * (nobody) must read htpasswd at request time; the key stays with root.
 */
export function makeSecrets(model: RouteModel, stateDir: string, asRoot: boolean): void {
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
