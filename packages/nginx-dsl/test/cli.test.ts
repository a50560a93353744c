import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
      `HIGH cors-wildcard ${FIXTURE}:24 http > server[0] > location "/pacs/" > add_header`,
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
        file: clean,
        line: 2,
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
      `${f}:1 http > server[0] > proxy_pass: "proxy_pass" is not allowed in server`,
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

  it('follows include (relative to the main file, globs sorted) and reports file:line', () => {
    const dir = join(tmp.path, 'inc');
    mkdirSync(join(dir, 'sites'), { recursive: true });
    writeFileSync(join(dir, 'main.conf'), 'events {}\nhttp {\n    include sites/*.conf;\n}\n');
    writeFileSync(join(dir, 'sites', 'a.conf'), 'server {\n    listen 80;\n}\n');
    writeFileSync(
      join(dir, 'sites', 'b.conf'),
      'server {\n    listen 81;\n    location / {\n        add_header Access-Control-Allow-Origin *;\n    }\n}\n',
    );
    const r = run('lint', join(dir, 'main.conf'));
    expect(r.stdout).toContain(
      `HIGH cors-wildcard ${join(dir, 'sites', 'b.conf')}:4 http > server[1]`,
    );
    expect(r.status).toBe(1);
    // A literal include that does not exist fails, as it fails nginx.
    writeFileSync(join(dir, 'broken.conf'), 'http { include missing.conf; }\n');
    const missing = run('lint', join(dir, 'broken.conf'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(
      `${join(dir, 'missing.conf')}: cannot read it (included from ${join(dir, 'broken.conf')}:1): ENOENT`,
    );
  });

  it('--in lints a snippet where its main file includes it (what it inherits counts)', () => {
    const dir = join(tmp.path, 'within');
    mkdirSync(join(dir, 'sites'), { recursive: true });
    const main = join(dir, 'nginx.conf');
    const site = join(dir, 'sites', 'a.conf');
    writeFileSync(
      main,
      'events {}\nhttp {\n  add_header X-Frame-Options DENY always;\n  include sites/*.conf;\n}\n',
    );
    writeFileSync(
      site,
      'server {\n  location / {\n    add_header Cache-Control no-cache;\n  }\n}\n',
    );
    // Alone, the snippet cannot know that it drops the http block's header.
    expect(run('lint', site, '--context', 'http').stdout).not.toContain('add-header-redefinition');
    const r = run('lint', site, '--in', main);
    expect(r.stdout).toContain(`HIGH add-header-redefinition ${site}:2 http > server[0]`);
    // Findings of the main file itself (server_tokens left on) are not the snippet's.
    expect(r.stdout).not.toContain('server-tokens');
    expect(r.stdout).toContain('1 finding\n');
    const unrelated = run('lint', main, '--in', site);
    expect(unrelated.status).toBe(2);
    expect(unrelated.stderr).toContain(`${main} is not included by ${site}`);
  });

  it('several files, standard input, and snippets in their context', () => {
    const a = join(tmp.path, 'a.conf');
    const b = join(tmp.path, 'b.conf');
    writeFileSync(a, 'http { server_tokens on; }\n');
    writeFileSync(b, 'http { server_tokens on; }\n');
    const both = run('lint', a, b, '--json');
    expect((JSON.parse(both.stdout) as Array<{ file: string }>).map((f) => f.file)).toEqual([a, b]);
    const stdin = spawnSync(process.execPath, [BIN, 'lint', '-', '--json'], {
      input: 'http { server_tokens on; }\n',
      encoding: 'utf8',
    });
    expect(JSON.parse(stdin.stdout)).toEqual([
      expect.objectContaining({ rule: 'server-tokens', file: '-' }),
    ]);
    // A location snippet: its add_header hides the server's headers only in context.
    const snippet = join(tmp.path, 'snippet.conf');
    writeFileSync(snippet, 'location /pacs/ {\n    add_header Access-Control-Allow-Origin *;\n}\n');
    const r = run('lint', snippet, '--context', 'server', '--json');
    expect(JSON.parse(r.stdout)).toContainEqual(
      expect.objectContaining({ rule: 'cors-wildcard', file: snippet, line: 2 }),
    );
    expect(run('validate', snippet, '--context', 'server').status).toBe(0);
    expect(run('validate', snippet).status).toBe(1);
  });

  it('--version, help for every command, did-you-mean for commands and options', () => {
    expect(run('--version').stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    for (const c of ['lint', 'validate', 'fmt']) {
      const h = run(c, '--help');
      expect(h.status, c).toBe(0);
      expect(h.stdout, c).toContain(`usage: nginx-dsl ${c}`);
    }
    expect(run('lnit', FIXTURE)).toMatchObject({
      status: 2,
      stderr: 'nginx-dsl: unknown command "lnit"; fix: did you mean "lint"?\n',
    });
    expect(run('lint', FIXTURE, '--fail-one', 'high')).toMatchObject({
      status: 2,
      stderr: 'nginx-dsl: lint: unknown option --fail-one; fix: did you mean --fail-on?\n',
    });
    expect(run('lint', FIXTURE, '--context')).toMatchObject({
      status: 2,
      stderr:
        'nginx-dsl: lint: --context needs a value; fix: --context main|http|server|location\n',
    });
    expect(run('lint').status).toBe(2);
  });
});
