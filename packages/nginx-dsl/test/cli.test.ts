import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '@ohif-recipes/testing';

// The bin as `npx nginx-dsl` runs it (the test target builds dist/ first).
const BIN = fileURLToPath(new URL('../bin/nginx-dsl.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/upstream-style.conf', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('nginx-dsl CLI', () => {
  const tmp = tempDir('dsl-cli');
  afterAll(() => tmp.remove());

  it('lint prints findings and exits 1 at or above --fail-on', () => {
    const r = run('lint', FIXTURE);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'HIGH cors-wildcard http > server[0] > location "/pacs/" > add_header',
    );
    expect(r.stdout).toMatch(/\d+ findings\n$/);
  });

  it('lint --json gives machine-readable findings; --fail-on filters the exit code', () => {
    const clean = join(tmp.path, 'clean.conf');
    writeFileSync(clean, 'events {}\nhttp { server_tokens on; }\n');
    const r = run('lint', clean, '--json', '--fail-on', 'high');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({
        rule: 'server-tokens',
        severity: 'medium',
        path: 'http > server_tokens',
      }),
    ]);
    expect(run('lint', clean, '--fail-on', 'medium').status).toBe(1);
  });

  it('fmt prints canonical text; --check and --write agree', () => {
    const f = join(tmp.path, 'messy.conf');
    writeFileSync(f, "events{}http{server{listen   80;location /{return 200 'hi there';}}}");
    expect(run('fmt', f).stdout).toBe(
      'events {\n}\n\nhttp {\n    server {\n        listen 80;\n\n        location / {\n            return 200 "hi there";\n        }\n    }\n}\n',
    );
    expect(run('fmt', f, '--check').status).toBe(1);
    expect(run('fmt', f, '--write').status).toBe(0);
    expect(run('fmt', f, '--check').status).toBe(0);
    expect(readFileSync(f, 'utf8')).toContain('return 200 "hi there";');
  });

  it('validate reports catalog problems', () => {
    const f = join(tmp.path, 'bad.conf');
    writeFileSync(f, 'http { server { proxy_pass x; } }\n');
    const r = run('validate', f);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'http > server[0] > proxy_pass: "proxy_pass" is not allowed in server',
    );
  });

  it('usage errors exit 2 with one clear line', () => {
    expect(run('lint', join(tmp.path, 'missing.conf'))).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('cannot read'),
    });
    expect(run('frobnicate')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('unknown command "frobnicate"'),
    });
    expect(run('lint', FIXTURE, '--fail-on', 'extreme').status).toBe(2);
    const broken = join(tmp.path, 'broken.conf');
    writeFileSync(broken, 'http {\n');
    expect(run('lint', broken)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('expecting "}"'),
    });
  });
});
