import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '@ohif-recipes/testing';
import { RECIPE_OPTIONS } from '../src/input/option-table.js';
import { VARIANTS } from '../src/index.js';

const BIN = fileURLToPath(new URL('../bin/ohif-recipes.js', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('ohif-recipes CLI', () => {
  const tmp = tempDir('recipes-cli');
  afterAll(() => tmp.remove());

  it('generate and up take the same recipe options, from one table, with the same fixes', () => {
    for (const command of ['generate', 'up']) {
      const help = run(command, '--help').stdout;
      for (const o of RECIPE_OPTIONS)
        expect(help, `${command} --${o.flag}`).toContain(`--${o.flag}`);
    }
    const row = RECIPE_OPTIONS.find((o) => o.flag === 'max-upload');
    const out = join(tmp.path, 'refused');
    for (const args of [
      ['generate', 'nginx-orthanc', '--out', out, '--max-upload', 'lots'],
      [
        'up',
        'nginx-orthanc',
        '--state-dir',
        join(tmp.path, 'refused-state'),
        '--max-upload',
        'lots',
      ],
    ]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(`fix: ${row?.fix}`);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('list describes every variant', () => {
    const r = run('list');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/ +/)[0])).toEqual(VARIANTS.map((v) => v.name));
    for (const v of VARIANTS) expect(r.stdout).toContain(v.description);
  });

  it('generate writes a customised recipe', () => {
    const out = join(tmp.path, 'sub');
    const r = run(
      'generate',
      'nginx-orthanc',
      '--out',
      out,
      '--public-url',
      'https://pacs.example.org/ohif/',
      '--pacs-path',
      'archive',
      '--http-port',
      '8443',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`wrote ${out}: 15 created`);
    expect(readFileSync(join(out, 'config/docker-nginx-orthanc.js'), 'utf8')).toContain(
      "qidoRoot: '/ohif/archive/dicom-web'",
    );
    expect(readFileSync(join(out, 'config/nginx.conf'), 'utf8')).toContain(
      'location ^~ /ohif/archive/ {',
    );
    expect(readFileSync(join(out, 'docker-compose.yml'), 'utf8')).toContain('- 8443:80');
  });

  it('--config reads a JSON spec; options override it', () => {
    const spec = join(tmp.path, 'spec.json');
    writeFileSync(
      spec,
      JSON.stringify({
        variant: 'ignored',
        publicUrl: 'http://viewer.example.org/',
        dicom: { expose: 'none' },
      }),
    );
    const out = join(tmp.path, 'from-config');
    const r = run(
      'generate',
      'nginx-dcm4chee',
      '--out',
      out,
      '--config',
      spec,
      '--http-port',
      '8081',
    );
    expect(r.status).toBe(0);
    const compose = readFileSync(join(out, 'docker-compose.yml'), 'utf8');
    expect(compose).toContain('- 8081:80');
    expect(compose).not.toContain('11112:11112');
  });

  it('bad input: one line per problem naming the option and the fix, exit 2, nothing written', () => {
    const out = join(tmp.path, 'bad');
    const r = run(
      'generate',
      'nginx-orthanc',
      '--out',
      out,
      '--public-url',
      'ftp://x',
      '--pacs-path',
      'a b',
      '--http-port',
      '99999',
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'ohif-recipes: --http-port: must be at most 65535; fix: use a port number from 1 to 65535',
    ]);
    const r2 = run(
      'generate',
      'nginx-orthanc',
      '--out',
      out,
      '--public-url',
      'ftp://x',
      '--pacs-path',
      'a b',
    );
    expect(r2.stderr.trim().split('\n')).toEqual([
      'ohif-recipes: --public-url: scheme ftp: is not supported; fix: use http:// or https://',
      'ohif-recipes: --pacs-path: path segment "a b" is not allowed; fix: use letters, digits, ".", "_", "~" and "-" only (no "..", spaces, quotes or percent-escapes)',
    ]);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.path).filter((f) => f.startsWith('.bad'))).toEqual([]);
  });

  it('usage errors exit 2', () => {
    expect(run('generate', 'nginx-orthanc')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--out: missing'),
    });
    expect(run('generate', 'nginx-nope', '--out', join(tmp.path, 'x'))).toMatchObject({
      status: 2,
      stderr: expect.stringContaining(
        `variant: unknown variant "nginx-nope"; fix: use one of: ${VARIANTS.map((v) => v.name).join(', ')}`,
      ),
    });
    expect(
      run('generate', 'nginx-orthanc', '--out', join(tmp.path, 'x'), '--bogus', '1'),
    ).toMatchObject({
      status: 2,
      stderr:
        'ohif-recipes: generate: unknown option --bogus; fix: see ohif-recipes generate --help\n',
    });
    expect(run('frobnicate')).toMatchObject({ status: 2 });
    expect(
      run(
        'generate',
        'nginx-orthanc',
        '--out',
        join(tmp.path, 'x'),
        '--config',
        join(tmp.path, 'missing.json'),
      ),
    ).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--config: cannot read'),
    });
  });

  it("--version, help for every command, did-you-mean, --json; never the parser's words", () => {
    expect(run('--version').stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    for (const c of ['list', 'generate', 'check', 'up', 'down', 'user', 'backup', 'restore']) {
      const h = run(c, '--help');
      expect(h.status, c).toBe(0);
      expect(h.stdout, c).toMatch(new RegExp(`ohif-recipes ${c}`));
      expect(h.stderr, c).toBe('');
    }
    expect(run('generat', 'nginx-orthanc')).toMatchObject({
      status: 2,
      stderr: 'ohif-recipes: unknown command "generat"; fix: did you mean "generate"?\n',
    });
    expect(
      run('generate', 'nginx-orthanc', '--out', join(tmp.path, 'dym'), '--publc-url', 'x'),
    ).toMatchObject({
      status: 2,
      stderr:
        'ohif-recipes: generate: unknown option --publc-url; fix: did you mean --public-url?\n',
    });
    expect(run('down', '--state-dir')).toMatchObject({
      status: 2,
      stderr: 'ohif-recipes: down: --state-dir needs a value; fix: see ohif-recipes down --help\n',
    });
    expect(run('list', 'extra').status).toBe(2);
    const rows = JSON.parse(run('list', '--json').stdout) as Array<{
      name: string;
      native: boolean;
    }>;
    expect(rows.map((r) => r.name)).toEqual(VARIANTS.map((v) => v.name));
    expect(rows.find((r) => r.name === 'nginx-orthanc')?.native).toBe(true);
    expect(rows.find((r) => r.name === 'nginx-dcm4chee')?.native).toBe(false);
    const out = join(tmp.path, 'json');
    const written = JSON.parse(run('generate', 'nginx-orthanc', '--out', out, '--json').stdout) as {
      plan: { dir: string; files: Array<{ action: string }> };
    };
    expect(written.plan.dir).toBe(out);
    expect(written.plan.files.every((f) => f.action === 'create')).toBe(true);
    // Schema errors are in our words, not ajv's.
    const bad = run(
      'generate',
      'nginx-orthanc',
      '--out',
      out,
      '--expose-dicom',
      'public',
      '--auth',
      'digest',
    );
    expect(bad.stderr).toContain('--expose-dicom: must be one of none, loopback, all; fix:');
    expect(bad.stderr).not.toMatch(/allowed values|must match pattern|must be equal/);
  });
});
