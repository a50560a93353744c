import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '@ohif-recipes/testing';

const BIN = fileURLToPath(new URL('../bin/ohif-recipes.js', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

/** `status check  text` lines of the report, by check name. */
function report(stdout: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of stdout.split('\n')) {
    const m = /^(ok|FAIL|skip)\s+(\S+(?: -t)?)\s+(.*)$/.exec(line);
    if (m) (out[m[2] as string] ??= []).push(`${m[1]} ${m[3]}`);
  }
  return out;
}

describe('ohif-recipes check', () => {
  const tmp = tempDir('check');
  afterAll(() => tmp.remove());

  it('a fresh recipe: .env missing is the one problem, with the fix; exit 1', () => {
    const dir = join(tmp.path, 'fresh');
    expect(run('generate', 'nginx-orthanc-postgres', '--out', dir).status).toBe(0);
    const r = run('check', dir);
    expect(r.status).toBe(1);
    const rep = report(r.stdout);
    expect(rep['.env']).toEqual([
      'FAIL .env: is missing (POSTGRES_PASSWORD must be set); fix: cp .env.example .env && chmod 600 .env, then fill in every value (openssl rand -hex 24)',
    ]);
    expect(rep.drift?.[0]).toMatch(/^ok 15 generated files as written/);
    expect(rep.lint).toEqual(['ok no findings in config/nginx.conf']);
    expect(rep['nginx -t']).toEqual(['ok the viewer container would load config/nginx.conf']);
  });

  it('filled in and private: every check passes, exit 0', () => {
    const dir = join(tmp.path, 'ready');
    expect(run('generate', 'nginx-orthanc-postgres', '--out', dir, '--auth', 'basic').status).toBe(
      0,
    );
    writeFileSync(
      join(dir, '.env'),
      'POSTGRES_PASSWORD=0123456789abcdef\nOHIF_BASIC_AUTH_USERS=\n',
      {
        mode: 0o600,
      },
    );
    // Users go in as hashes only, single-quoted.
    const add = (name: string, ...flags: string[]) =>
      spawnSync(process.execPath, [BIN, 'user', 'add', name, '--dir', dir, ...flags], {
        encoding: 'utf8',
        env: { ...process.env, OHIF_NEW_PASSWORD: `${name}-password` },
      });
    expect(add('reader').stdout).toContain(`added user reader in ${join(dir, '.env')} (hash only)`);
    expect(add('boss', '--admin').stdout).toContain('added PACS administrator boss');
    expect(add('reader').stdout).toContain('replaced user reader');
    const env = readFileSync(join(dir, '.env'), 'utf8');
    // Replacing a user moves it to the end of the list.
    const users = /^OHIF_BASIC_AUTH_USERS='(boss:\$6\$[^,']+),(reader:\$6\$[^,']+)'$/m.exec(env);
    expect(users, env).not.toBeNull();
    expect(env).toContain(`OHIF_BASIC_AUTH_ADMINS='${users?.[1]}'`);
    expect(env).not.toContain('password');
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    // docker compose takes the hashes literally: no "$" expansion (config prints "$" as "$$").
    const config = spawnSync('docker-compose', ['config'], { cwd: dir, encoding: 'utf8' });
    const literal = `${users?.[1]},${users?.[2]}`.replaceAll('$', '$$$$');
    expect(config.stdout).toContain(`OHIF_BASIC_AUTH_USERS: ${literal}`);
    const r = run('check', dir);
    expect(r.stdout).toContain('is in order');
    expect(r.status).toBe(0);
    const rep = report(r.stdout);
    for (const name of ['drift', 'regenerate', '.env', 'lint', 'nginx -t', 'compose'])
      expect(rep[name]?.[0], name).toMatch(/^ok /);
    expect(rep.certificates?.[0]).toMatch(/^skip /);
    // A secret left empty and a world-readable .env are each named.
    writeFileSync(join(dir, '.env'), 'POSTGRES_PASSWORD=\nOHIF_BASIC_AUTH_USERS=reader:pw\n');
    chmodSync(join(dir, '.env'), 0o644);
    const bad = report(run('check', dir).stdout);
    expect(bad['.env']).toEqual([
      'FAIL .env: POSTGRES_PASSWORD: is not set; fix: set it (see the comment above it in .env.example)',
      `FAIL .env: reader (OHIF_BASIC_AUTH_USERS): has its password in plain text (it ends up in the container environment); fix: keep only a hash: ohif-recipes user add reader --dir ${dir} [--admin]`,
      `FAIL .env: holds secrets but is readable by others (mode 644); fix: chmod 600 ${join(dir, '.env')}`,
    ]);
    expect(bad.compose?.[0]).toMatch(/^FAIL docker-compose.yml: .*POSTGRES_PASSWORD/);
  });

  it('an edited, broken nginx.conf: drift and nginx -t name it', () => {
    const dir = join(tmp.path, 'broken');
    expect(run('generate', 'nginx-orthanc', '--out', dir).status).toBe(0);
    const conf = join(dir, 'config', 'nginx.conf');
    writeFileSync(conf, readFileSync(conf, 'utf8').replace('server_tokens off;', 'server_tokens;'));
    const r = run('check', dir);
    expect(r.status).toBe(1);
    const rep = report(r.stdout);
    expect(rep.drift).toEqual([
      expect.stringMatching(/^FAIL config\/nginx.conf: was edited since it was generated; fix: /),
    ]);
    expect(rep['nginx -t']?.[0]).toMatch(
      /^FAIL config\/nginx.conf: nginx -t failed: .*server_tokens/,
    );
  });

  it('mounted certificate files that are missing or too open are named', () => {
    const certs = join(tmp.path, 'certs');
    mkdirSync(certs);
    const key = join(certs, 'site.key');
    writeFileSync(key, '-----BEGIN PRIVATE KEY-----\n', { mode: 0o644 });
    const dir = join(tmp.path, 'tls');
    const args = [
      '--public-url',
      'https://pacs.example.org/',
      '--tls-cert',
      join(certs, 'gone.crt'),
    ];
    expect(run('generate', 'nginx-orthanc', '--out', dir, ...args, '--tls-key', key).status).toBe(
      0,
    );
    const rep = report(run('check', dir).stdout);
    expect(rep.certificates).toEqual([
      `FAIL tls.certificate: ${join(certs, 'gone.crt')} does not exist; fix: put the PEM file there or regenerate with --tls-cert/--tls-key`,
      `FAIL tls.key: ${key} is readable by everyone; fix: chmod 640 ${key}`,
    ]);
  });

  it('a folder generate did not write: exit 2 with the fix', () => {
    const r = run('check', tmp.path);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('was not written by ohif-recipes generate; fix:');
    expect(run('check').status).toBe(2);
  });
});
