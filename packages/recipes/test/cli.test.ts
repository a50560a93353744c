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
    expect(r.stdout).toContain(`wrote ${out}: 14 created`);
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
      'ohif-recipes: --http-port: must be <= 65535; fix: use a port number from 1 to 65535',
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
    ).toMatchObject({ status: 2, stderr: expect.stringContaining("Unknown option '--bogus'") });
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
});
