import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '@ohif-recipes/testing';
import { RecipeError, synth, type RecipeSpec } from '../src/index.js';

const CLI = fileURLToPath(new URL('../bin/ohif-recipes.js', import.meta.url));

/** The problems synth refuses `spec` with (none: it was accepted). */
async function refusal(
  spec: RecipeSpec,
): Promise<Array<{ path: string; message: string; fix: string }>> {
  try {
    await synth(spec);
    return [];
  } catch (e) {
    if (e instanceof RecipeError) return e.problems;
    throw e;
  }
}

/** Recipes that cannot start, or that shadow the viewer, are refused before anything is written. */
describe('semantic validation', () => {
  const tmp = tempDir('validation');
  afterAll(() => tmp.remove());

  it.each([
    [
      'a PACS path over a viewer file',
      { variant: 'nginx-orthanc', pacsPath: 'index.html' },
      'pacsPath',
    ],
    [
      'a PACS path over app-config.js',
      { variant: 'nginx-orthanc', pacsPath: 'app-config.js' },
      'pacsPath',
    ],
    ['a PACS path over sw.js', { variant: 'nginx-orthanc', pacsPath: 'sw.js' }, 'pacsPath'],
    [
      'a PACS path over the sign-in path',
      { variant: 'nginx-orthanc-keycloak', pacsPath: 'oauth2' },
      'pacsPath',
    ],
    [
      "a PACS path over Keycloak's",
      { variant: 'nginx-orthanc-keycloak', pacsPath: 'keycloak' },
      'pacsPath',
    ],
    [
      "a PACS path over the archive's REST root",
      { variant: 'nginx-dcm4chee', pacsPath: 'dcm4chee-arc' },
      'pacsPath',
    ],
    [
      'the DICOM port on the web port',
      { variant: 'nginx-orthanc', dicom: { port: 80 } },
      'dicom.port',
    ],
    [
      'HTTPS on the HTTP port',
      { variant: 'nginx-orthanc', publicUrl: 'https://h/', tls: true, httpPort: 443 },
      'httpsPort',
    ],
    [
      'port 0 in the public URL',
      { variant: 'nginx-orthanc', publicUrl: 'http://localhost:0/' },
      'publicUrl',
    ],
    [
      'a size nginx cannot count',
      { variant: 'nginx-orthanc', maxUploadSize: '99999999999999999999g' },
      'maxUploadSize',
    ],
    [
      'a cache size nginx cannot count',
      { variant: 'nginx-orthanc', dicomwebCache: '99999999999999999999g' },
      'dicomwebCache',
    ],
    ['an HTTPS port without TLS', { variant: 'nginx-orthanc', httpsPort: 8443 }, 'httpsPort'],
    [
      'a 5000-character path',
      { variant: 'nginx-orthanc', pacsPath: 'a/'.repeat(2500) },
      'pacsPath',
    ],
    [
      'a misspelled image role',
      { variant: 'nginx-orthanc', images: { orthnac: 'o/o:1' } },
      'images.orthnac',
    ],
  ] as Array<[string, RecipeSpec, string]>)('refuses %s, naming %s', async (_what, spec, path) => {
    const problems = await refusal(spec);
    expect(problems.map((p) => p.path)).toContain(path);
    for (const p of problems) expect(p.fix.length).toBeGreaterThan(5);
  });

  it('says which image role was meant', async () => {
    const [p] = await refusal({ variant: 'nginx-orthanc', images: { orthnac: 'o/o:1' } });
    expect(p?.fix).toBe('did you mean "orthanc"?');
  });

  it('refuses unknown keys at any depth with a did-you-mean; accepts $schema', async () => {
    const spec = {
      $schema: './ohif-recipes.schema.json',
      variant: 'nginx-orthanc',
      pubilcUrl: 'http://x/',
      dicom: { prot: 104 },
      tls: { certificate: '/srv/a.crt', kye: '/srv/a.key' },
    } as unknown as RecipeSpec;
    expect(await refusal(spec)).toEqual([
      { path: 'pubilcUrl', message: 'is not a recipe option', fix: 'did you mean "publicUrl"?' },
      {
        path: 'tls.key',
        message: 'is required',
        fix: 'use true (self-signed at first start) or { "certificate": PATH, "key": PATH }',
      },
      { path: 'tls.kye', message: 'is not a recipe option', fix: 'did you mean "key"?' },
      { path: 'dicom.prot', message: 'is not a recipe option', fix: 'did you mean "port"?' },
    ]);
    expect(await refusal({ $schema: 'x', variant: 'nginx-orthanc' } as RecipeSpec)).toEqual([]);
    // A value of neither form is one line, in our words, not one per alternative.
    expect(
      await refusal({ variant: 'nginx-orthanc', tls: 'yes' } as unknown as RecipeSpec),
    ).toEqual([
      {
        path: 'tls',
        message: 'is not one of the accepted forms',
        fix: 'use true (self-signed at first start) or { "certificate": PATH, "key": PATH }',
      },
    ]);
  });

  it('accepts image references with a registry port, a digest, or both a tag and a digest', async () => {
    const digest = `sha256:${'0'.repeat(64)}`;
    for (const ref of [
      'registry.local:5000/pacs/orthanc:25.12.3',
      `orthancteam/orthanc@${digest}`,
      `registry.local:5000/orthanc:26.8.1@${digest}`,
    ]) {
      const files = await synth({ variant: 'nginx-orthanc', images: { orthanc: ref } });
      expect(files.get('docker-compose.yml'), ref).toContain(`image: ${ref}\n`);
    }
    expect(await refusal({ variant: 'nginx-orthanc', images: { orthanc: 'orthanc' } })).not.toEqual(
      [],
    );
  });

  it('accepts the DICOM port on the web port when DICOM is not published', async () => {
    expect(
      await refusal({ variant: 'nginx-orthanc', dicom: { port: 80, expose: 'none' } }),
    ).toEqual([]);
  });

  it('the CLI exits 2 with one line per problem, no stack trace, and writes nothing', () => {
    const out = join(tmp.path, 'refused');
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        'generate',
        'nginx-orthanc',
        '--out',
        out,
        '--dicom-port',
        '80',
        '--https-port',
        '8443',
        '--pacs-path',
        'x'.repeat(5000),
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.every((l) => l.startsWith('ohif-recipes: ') && l.includes('; fix: '))).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toContain('--pacs-path');
    expect(existsSync(out)).toBe(false);
  });
});
