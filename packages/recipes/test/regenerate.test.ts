import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@ohif-recipes/testing';
import { OPTION_PARSING, specFromOptions } from '../src/cli/options.js';
import { RecipeError, synth, VARIANTS, type RecipeSpec } from '../src/index.js';
import { CASES } from './cases.js';

const CLI = fileURLToPath(new URL('../bin/ohif-recipes.js', import.meta.url));
const RUNS = Number(process.env.FC_RUNS ?? 60);

/** The README's regenerate command as argv (after `npx ohif-recipes`), `<dir>` replaced. */
function regenerateArgv(readme: string, out: string): string[] {
  const line = /^npx ohif-recipes (generate (?!--config).*)$/m.exec(readme)?.[1];
  if (!line) throw new Error('the README has no regenerate command');
  // The words are unquoted or single-quoted (see shellWord in src/input/regenerate.ts).
  const words = [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replaceAll("'\\''", "'") : (m[2] as string),
  );
  return words.map((w) => (w === '<dir>' ? out : w));
}

/** The files the regenerate command of `spec`'s README makes, in-process (no writes). */
async function regenerated(spec: RecipeSpec): Promise<Map<string, string>> {
  const readme = (await synth(spec)).get('README.md') as string;
  const [, variant, ...rest] = regenerateArgv(readme, '/unused');
  const { values } = parseArgs({
    args: rest,
    options: { out: { type: 'string' }, ...OPTION_PARSING },
  });
  return synth(specFromOptions(variant as string, values));
}

const ALL_CASES: Array<[string, RecipeSpec]> = [
  ...Object.entries(CASES).map(([n, s]) => [n, s as RecipeSpec] as [string, RecipeSpec]),
  ...VARIANTS.map((v) => [`${v.name} (defaults)`, { variant: v.name }] as [string, RecipeSpec]),
  [
    'every option set',
    {
      variant: 'nginx-orthanc-postgres',
      publicUrl: 'https://pacs.example.org:8443/ohif/',
      pacsPath: 'archive/orthanc',
      httpPort: 8081,
      httpsPort: 8443,
      dicom: { port: 11112, expose: 'all', aeTitle: 'HOSPITAL_PACS' },
      maxUploadSize: '512m',
      ohifVersion: '3.12.0',
      auth: 'basic',
      tls: { certificate: '/srv/certs/pacs.crt', key: '/srv/certs/pacs.key' },
      images: {
        orthanc: 'registry.local/pacs/orthanc:26.8.1',
        postgres: 'postgres:17.9-bookworm',
      },
    },
  ],
];

describe("the README's regenerate command reproduces the recipe", () => {
  it.each(ALL_CASES)('%s, byte for byte (in-process)', async (_name, spec) => {
    expect(await regenerated(spec)).toEqual(await synth(spec));
  });

  it('through the real CLI, into a folder, every file the same', async () => {
    const spec = ALL_CASES.at(-1)?.[1] as RecipeSpec;
    const files = await synth(spec);
    const tmp = tempDir('regenerate');
    try {
      const out = join(tmp.path, 'recipe');
      const argv = regenerateArgv(files.get('README.md') as string, out);
      const r = spawnSync(process.execPath, [CLI, ...argv], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      for (const [path, text] of files)
        expect(readFileSync(join(out, path), 'utf8'), path).toBe(text);
    } finally {
      tmp.remove();
    }
  });

  it('for any accepted combination of options (property)', async () => {
    const option = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          variant: fc.constantFrom(...VARIANTS.map((v) => v.name)),
          scheme: fc.constantFrom('http', 'https'),
          port: option(fc.integer({ min: 1, max: 65535 })),
          base: fc.constantFrom('', 'ohif/', 'a/b/'),
          pacsPath: option(fc.constantFrom('pacs', 'orthanc', 'x/y')),
          httpPort: option(fc.integer({ min: 1, max: 65535 })),
          dicomPort: option(fc.integer({ min: 1, max: 65535 })),
          expose: option(fc.constantFrom('none', 'loopback', 'all')),
          aeTitle: option(fc.stringMatching(/^[A-Z0-9_]{1,16}$/)),
          maxUploadSize: option(fc.constantFrom('0', '1m', '500m', '4g')),
          auth: option(fc.constantFrom('none', 'basic')),
          tls: option(fc.boolean()),
          orthancImage: option(fc.constantFrom('orthancteam/orthanc:26.8.0', 'r.local:5000/o:1')),
        }),
        async (o) => {
          const spec = {
            variant: o.variant,
            publicUrl: `${o.tls ? 'https' : o.scheme}://pacs.example.org${o.port ? `:${o.port}` : ''}/${o.base}`,
            ...(o.pacsPath ? { pacsPath: o.pacsPath } : {}),
            ...(o.httpPort ? { httpPort: o.httpPort } : {}),
            dicom: {
              ...(o.dicomPort ? { port: o.dicomPort } : {}),
              ...(o.expose ? { expose: o.expose } : {}),
              ...(o.aeTitle ? { aeTitle: o.aeTitle } : {}),
            },
            ...(o.maxUploadSize ? { maxUploadSize: o.maxUploadSize } : {}),
            ...(o.auth ? { auth: o.auth } : {}),
            ...(o.tls ? { tls: true } : {}),
            ...(o.orthancImage ? { images: { orthanc: o.orthancImage } } : {}),
          } as RecipeSpec;
          let files: Map<string, string>;
          try {
            files = await synth(spec);
          } catch (e) {
            if (e instanceof RecipeError) return; // refused combinations have no README
            throw e;
          }
          expect(await regenerated(spec)).toEqual(files);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
