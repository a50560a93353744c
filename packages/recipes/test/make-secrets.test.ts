import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startNginx, tempDir } from '@ohif-recipes/testing';
import { MAKE_SECRETS_SH } from '../src/assets/make-secrets.js';

const hash = (password: string): string =>
  execFileSync('openssl', ['passwd', '-6', '-stdin'], { input: password, encoding: 'utf8' }).trim();

/** The container entrypoint script (POSIX sh, as the image runs it) with only `env` set. */
function makeSecrets(dir: string, env: Record<string, string>) {
  const script = join(dir, 'make-secrets.sh');
  writeFileSync(script, MAKE_SECRETS_SH);
  return spawnSync('sh', [script], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
}

describe('make-secrets: hashed users, plain users and *_FILE secrets, checked by nginx', () => {
  const tmp = tempDir('make-secrets');
  afterAll(() => tmp.remove());

  it('keeps crypt hashes, hashes passwords, reads *_FILE, lists an admin once; nginx accepts them', async () => {
    const dir = tmp.path;
    const users = join(dir, 'viewer-users');
    // A Compose secret: one entry per line, a hash and a plain password.
    writeFileSync(users, `reader:${hash('reader-password')}\nplain:plain-password\n`);
    const r = makeSecrets(dir, {
      OHIF_AUTH_FILE: join(dir, 'auth', 'htpasswd'),
      OHIF_ADMIN_AUTH_FILE: join(dir, 'auth', 'admins.htpasswd'),
      OHIF_BASIC_AUTH_USERS_FILE: users,
      OHIF_BASIC_AUTH_ADMINS: `boss:${hash('boss-password')}`,
    });
    expect(r.status, r.stderr).toBe(0);
    const htpasswd = readFileSync(join(dir, 'auth', 'htpasswd'), 'utf8');
    expect(
      htpasswd
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(':')[0]),
    ).toEqual(['reader', 'plain', 'boss']);
    expect(htpasswd).not.toContain('plain-password');
    mkdirSync(join(dir, 'www', 'admin'), { recursive: true });
    writeFileSync(join(dir, 'www', 'index.html'), 'in');
    writeFileSync(join(dir, 'www', 'admin', 'index.html'), 'admin');
    // Files, not `return`: return answers before authentication is checked.
    const nginx = await startNginx(
      join(dir, 'nginx'),
      (port) => `server { listen 127.0.0.1:${port}; root ${join(dir, 'www')};
        location / { auth_basic on; auth_basic_user_file ${join(dir, 'auth', 'htpasswd')}; }
        location /admin/ { auth_basic on; auth_basic_user_file ${join(dir, 'auth', 'admins.htpasswd')}; } }`,
    );
    try {
      const status = async (path: string, auth?: string) =>
        (
          await fetch(`${nginx.url}${path}`, {
            headers: auth ? { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {},
          })
        ).status;
      expect(await status('/', 'reader:reader-password')).toBe(200);
      expect(await status('/', 'plain:plain-password')).toBe(200);
      expect(await status('/', 'boss:boss-password')).toBe(200);
      expect(await status('/', 'reader:wrong')).toBe(401);
      expect(await status('/admin/', 'boss:boss-password')).toBe(200);
      expect(await status('/admin/', 'reader:reader-password')).toBe(401);
    } finally {
      await nginx.stop();
    }
  });

  it('a *_FILE that is not a readable file, and no users at all: exit 1 with the fix', () => {
    const missing = makeSecrets(tmp.path, {
      OHIF_AUTH_FILE: join(tmp.path, 'none', 'htpasswd'),
      OHIF_BASIC_AUTH_USERS_FILE: join(tmp.path, 'no-such-secret'),
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(
      `OHIF_BASIC_AUTH_USERS_FILE names ${join(tmp.path, 'no-such-secret')}, which is not a readable file; fix: mount the secret there`,
    );
    const empty = makeSecrets(tmp.path, { OHIF_AUTH_FILE: join(tmp.path, 'none', 'htpasswd') });
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('OHIF_BASIC_AUTH_USERS is empty');
  });
});
