import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '@ohif-recipes/testing';
import { MANIFEST, manifestFor, manifestText } from '../src/output/manifest.js';
import { synth } from '../src/index.js';

const BIN = fileURLToPath(new URL('../bin/ohif-recipes.js', import.meta.url));
const run = (args: string[], cwd?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', ...(cwd ? { cwd } : {}) });

/** Every file under `dir` (relative paths) with its bytes, to prove nothing changed. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out.set(p, readFileSync(join(dir, p), 'utf8'));
    }
  };
  walk('');
  return out;
}

/** What an operator adds to a recipe folder: secrets, certificates, git, notes. */
function operatorFiles(dir: string): void {
  writeFileSync(join(dir, '.env'), 'POSTGRES_PASSWORD=kept-secret\n', { mode: 0o600 });
  mkdirSync(join(dir, 'certs'));
  writeFileSync(join(dir, 'certs', 'site.key'), 'KEY');
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, 'NOTES.md'), 'our notes');
}

const OPERATOR = ['.env', 'certs/site.key', '.git/HEAD', 'NOTES.md'];

describe('generate owns only its own files', () => {
  const tmp = tempDir('writer');
  afterAll(() => tmp.remove());

  it('regenerating with a changed option keeps .env, certs/, .git and notes; updates the recipe', () => {
    const out = join(tmp.path, 'r1');
    expect(run(['generate', 'nginx-orthanc-postgres', '--out', out]).status).toBe(0);
    operatorFiles(out);
    const before = snapshot(out);
    const r = run(['generate', 'nginx-orthanc-postgres', '--out', out, '--pacs-path', 'archive']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/wrote .*r1: \d+ updated, \d+ unchanged/);
    expect(r.stdout).not.toContain('next:'); // .env exists: the operator is past first start
    const after = snapshot(out);
    for (const f of OPERATOR) expect(after.get(f), f).toBe(before.get(f));
    expect(after.get('config/nginx.conf')).toContain('location ^~ /archive/ {');
    expect(statSync(join(out, '.env')).mode & 0o777).toBe(0o600);
  });

  it("--out . in a folder with the operator's notes adds the recipe and keeps the notes", () => {
    const dir = join(tmp.path, 'here');
    mkdirSync(dir);
    writeFileSync(join(dir, 'NOTES.md'), 'our notes');
    expect(run(['generate', 'nginx-orthanc', '--out', '.'], dir).status).toBe(0);
    expect(run(['generate', 'nginx-orthanc', '--out', '.', '--force'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'NOTES.md'), 'utf8')).toBe('our notes');
    expect(existsSync(join(dir, 'docker-compose.yml'))).toBe(true);
  });

  it('an edited generated file is refused with a diff and nothing is written; --force keeps it as .orig', () => {
    const out = join(tmp.path, 'edited');
    expect(run(['generate', 'nginx-orthanc', '--out', out]).status).toBe(0);
    const conf = join(out, 'config', 'nginx.conf');
    writeFileSync(conf, `${readFileSync(conf, 'utf8')}# tuned by hand\n`);
    const before = snapshot(out);
    const refused = run(['generate', 'nginx-orthanc', '--out', out, '--max-upload', '2g']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('config/nginx.conf: edited since it was generated');
    expect(refused.stderr).toContain('-# tuned by hand');
    expect(refused.stderr).toContain('+            client_max_body_size 2g;');
    expect(refused.stderr).toContain('fix: ');
    expect(snapshot(out)).toEqual(before);

    const forced = run([
      'generate',
      'nginx-orthanc',
      '--out',
      out,
      '--max-upload',
      '2g',
      '--force',
    ]);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain(
      'kept your version of config/nginx.conf as config/nginx.conf.orig',
    );
    expect(readFileSync(`${conf}.orig`, 'utf8')).toContain('# tuned by hand');
    expect(readFileSync(conf, 'utf8')).toContain('client_max_body_size 2g;');
    // The copy is the operator's now: the next run leaves it alone.
    expect(run(['generate', 'nginx-orthanc', '--out', out]).status).toBe(0);
    expect(existsSync(`${conf}.orig`)).toBe(true);
  });

  it('a file of the operator at a generated path is a conflict too', () => {
    const out = join(tmp.path, 'theirs');
    mkdirSync(out);
    writeFileSync(join(out, 'docker-compose.yml'), 'services: {}\n');
    const r = run(['generate', 'nginx-orthanc', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('docker-compose.yml: not written by ohif-recipes');
    expect(readdirSync(out)).toEqual(['docker-compose.yml']);
  });

  it('files the new recipe no longer has are removed, unless the operator edited them', () => {
    const out = join(tmp.path, 'switch');
    expect(run(['generate', 'nginx-orthanc', '--out', out]).status).toBe(0);
    operatorFiles(out);
    expect(existsSync(join(out, 'config/orthanc.json'))).toBe(true);
    expect(run(['generate', 'nginx-dcm4chee', '--out', out]).status).toBe(0);
    expect(existsSync(join(out, 'config/orthanc.json'))).toBe(false);
    expect(existsSync(join(out, 'config/docker-nginx-orthanc.js'))).toBe(false);
    for (const f of OPERATOR) expect(existsSync(join(out, f)), f).toBe(true);

    const edited = join(tmp.path, 'switch-edited');
    expect(run(['generate', 'nginx-orthanc', '--out', edited]).status).toBe(0);
    writeFileSync(join(edited, 'config/orthanc.json'), '{"edited": true}\n');
    const r = run(['generate', 'nginx-dcm4chee', '--out', edited]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('left config/orthanc.json in place');
    expect(readFileSync(join(edited, 'config/orthanc.json'), 'utf8')).toBe('{"edited": true}\n');
  });

  it('an interrupted write is finished by the next run: temp files cleaned, half-renamed files not refused', async () => {
    const out = join(tmp.path, 'interrupted');
    expect(run(['generate', 'nginx-orthanc', '--out', out]).status).toBe(0);
    const old = await synth({ variant: 'nginx-orthanc' });
    const next = await synth({ variant: 'nginx-orthanc', maxUploadSize: '1g' });
    // As a crash after the pending manifest and one rename leaves it.
    writeFileSync(join(out, MANIFEST), manifestText(manifestFor(next, manifestFor(old).files)));
    writeFileSync(join(out, 'README.md'), next.get('README.md') as string);
    writeFileSync(join(out, 'config', '.nginx.conf.ohif-tmp'), 'half written');
    writeFileSync(join(out, `.${MANIFEST}.ohif-tmp`), '{');
    const r = run(['generate', 'nginx-orthanc', '--out', out, '--max-upload', '1g']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('removed 2 temp file(s) of an interrupted run');
    const want = new Map(next).set(MANIFEST, manifestText(manifestFor(next)));
    expect(new Map([...snapshot(out)].sort())).toEqual(new Map([...want].sort()));
  });

  it('refuses empty, system, home and file --out values with the fix, writing nothing', () => {
    const file = join(tmp.path, 'a-file');
    writeFileSync(file, 'x');
    for (const [out, says] of [
      ['', '--out: is empty'],
      ['   ', '--out: is empty'],
      ['/', 'is a system or home folder'],
      ['/etc', 'is a system or home folder'],
      [homedir(), 'is a system or home folder'],
      [file, 'is a file, not a folder'],
      [join(file, 'below'), 'is a file, not a folder'],
    ] as const) {
      const r = run(['generate', 'nginx-orthanc', '--out', out]);
      expect(r.status, out).toBe(2);
      expect(r.stderr, out).toContain(says);
      expect(r.stderr, out).toContain('fix: ');
      expect(r.stderr, out).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('a read-only --out is a clear error, not a stack trace', () => {
    const ro = join(tmp.path, 'ro');
    mkdirSync(ro);
    // A read-only tmpfs in a private mount namespace: root cannot write there either.
    const r = spawnSync(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        'mount -t tmpfs -o ro tmpfs "$1" && exec "$2" "$3" generate nginx-orthanc --out "$1/recipe"',
        'sh',
        ro,
        process.execPath,
        BIN,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /cannot write .*ro\/recipe \(the file system is read-only\); fix: choose a writable --out/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--dry-run lists and --diff shows the changes; neither writes', () => {
    const out = join(tmp.path, 'plan');
    const fresh = run(['generate', 'nginx-orthanc', '--out', out, '--dry-run']);
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toContain('create    docker-compose.yml');
    expect(existsSync(out)).toBe(false);
    expect(run(['generate', 'nginx-orthanc', '--out', out]).status).toBe(0);
    const before = snapshot(out);
    const listed = run([
      'generate',
      'nginx-orthanc',
      '--out',
      out,
      '--max-upload',
      '1g',
      '--dry-run',
    ]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('update    config/nginx.conf');
    expect(listed.stdout).not.toContain('@@');
    const diff = run(['generate', 'nginx-orthanc', '--out', out, '--max-upload', '1g', '--diff']);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('-            client_max_body_size 4g;');
    expect(diff.stdout).toContain('+            client_max_body_size 1g;');
    expect(snapshot(out)).toEqual(before);
    writeFileSync(join(out, 'README.md'), 'mine');
    const conflict = run(['generate', 'nginx-orthanc', '--out', out, '--dry-run']);
    expect(conflict.status).toBe(1);
    expect(conflict.stdout).toContain('conflict  README.md (edited since it was generated');
  });

  it('the recorded spec regenerates the folder byte for byte, and editors may add $schema', () => {
    const a = join(tmp.path, 'spec-a');
    const b = join(tmp.path, 'spec-b');
    const opts = ['--public-url', 'https://pacs.example.org/ohif/', '--tls', '--auth', 'basic'];
    expect(
      run([
        'generate',
        'nginx-orthanc',
        '--out',
        a,
        '--image',
        'orthanc=r.local:5000/pacs/orthanc:26.8.1',
        ...opts,
      ]).status,
    ).toBe(0);
    const spec = JSON.parse(readFileSync(join(a, 'ohif-recipes.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(spec.$schema).toBe('./ohif-recipes.schema.json');
    expect(spec.images).toEqual({ orthanc: 'r.local:5000/pacs/orthanc:26.8.1' });
    expect(spec.maxUploadSize).toBe('4g'); // defaults are recorded too
    // The schema beside it is the one the package ships.
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, string>;
    };
    expect(readFileSync(join(a, 'ohif-recipes.schema.json'), 'utf8')).toBe(
      readFileSync(new URL(`../${pkg.exports['./schema.json']}`, import.meta.url), 'utf8'),
    );
    const r = run(['generate', '--config', join(a, 'ohif-recipes.json'), '--out', b]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(snapshot(b)).toEqual(snapshot(a));
  });

  it('`list | head -1` ends quietly (EPIPE is not an error)', () => {
    for (let i = 0; i < 12; i++) {
      const r = spawnSync(
        'sh',
        ['-c', `"${process.execPath}" "${BIN}" list | head -c 1 >/dev/null`],
        {
          encoding: 'utf8',
        },
      );
      expect(r.stderr).toBe('');
    }
  });
});
