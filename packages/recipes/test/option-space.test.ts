import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lint, parse } from '@ohif-recipes/nginx-dsl';
import { kustomize, schemaProblems, tempDir, type KubeObject } from '@ohif-recipes/testing';
import { parseAllDocuments } from 'yaml';
import { RECIPE_OPTIONS } from '../src/input/option-table.js';
import { VARIANTS } from '../src/index.js';
import { dockerComposeConfig, materialise, nginxTestDocker } from './real-tools.js';

const BIN = fileURLToPath(new URL('../bin/ohif-recipes.js', import.meta.url));
const RUNS = Number(process.env.FC_RUNS ?? 40);

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
/** Mostly a good value, sometimes a bad one: each run then holds few faults, often none. */
const mostly = <T>(good: readonly T[], bad: readonly T[]) =>
  opt(
    bad.length
      ? fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom(...good) },
          { weight: 1, arbitrary: fc.constantFrom(...bad) },
        )
      : fc.constantFrom(...good),
  );
const port = opt(
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1024, max: 65535 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 80, 443, 4242, 8080, 70000) },
  ),
);

/** Command-line options over the whole option table: plausible, colliding and invalid values. */
const flags = fc
  .record({
    variant: fc.constantFrom(...VARIANTS.map((v) => v.name)),
    scheme: fc.constantFrom('http', 'https'),
    host: fc.constantFrom('pacs.example.org', '127.0.0.1', 'localhost'),
    urlPort: port,
    base: fc.constantFrom('', 'ohif/', 'a/b/'),
    'pacs-path': mostly(
      ['pacs', 'archive', 'x/y'],
      ['index.html', 'sw.js', 'app-config.js', 'oauth2', 'keycloak', 'dcm4chee-arc', 'a b'],
    ),
    'http-port': port,
    'https-port': port,
    'dicom-port': port,
    'expose-dicom': mostly(['none', 'loopback', 'all'], ['public']),
    'ae-title': mostly(['ORTHANC', 'HOSPITAL_PACS'], ['lower', 'WAY_TOO_LONG_AE_TITLE']),
    'max-upload': mostly(['0', '1m', '500m', '4g'], ['99999999999999999999g', 'lots']),
    auth: mostly(['none', 'basic'], []),
    // Kubernetes and replicas fit fewer variants: drawn less often, so most runs stay valid.
    target: mostly(['compose', 'compose', 'compose', 'kubernetes'], ['helm']),
    'orthanc-replicas': mostly(['1', '1', '1', '2', '3'], ['0', '17', 'two']),
    tls: fc.boolean(),
    image: mostly(
      [
        'orthanc=registry.local:5000/pacs/orthanc:26.8.1',
        `postgres=postgres:17.9-bookworm@sha256:${'a'.repeat(64)}`,
      ],
      ['orthnac=orthancteam/orthanc:26.8.1', 'nginx=Not A Reference'],
    ),
  })
  .map((o) => {
    // TLS wants an https public URL; the other scheme, rarely, is a fault to refuse.
    const scheme = o.tls && o.scheme === 'http' && o.host !== 'localhost' ? 'https' : o.scheme;
    const argv = [
      o.variant,
      '--public-url',
      `${scheme}://${o.host}${o.urlPort === undefined ? '' : `:${o.urlPort}`}/${o.base}`,
    ];
    for (const [k, v] of Object.entries(o)) {
      if (['variant', 'scheme', 'host', 'urlPort', 'base', 'tls'].includes(k) || v === undefined)
        continue;
      argv.push(`--${k}`, String(v));
    }
    if (o.tls) argv.push('--tls');
    return argv;
  });

/** Names an option may be reported under: its flag, or its spec field (nested: `dicom.port`, `images.x`). */
const NAMES = new Set(['variant', ...RECIPE_OPTIONS.flatMap((o) => [`--${o.flag}`, o.path])]);

describe('the option space (property)', () => {
  const tmp = tempDir('option-space');
  afterAll(() => tmp.remove());
  let n = 0;
  const seen = { accepted: 0, refused: 0 };

  it(`every accepted combination passes lint, nginx -t and docker-compose config (or kubectl kustomize and the Kubernetes schemas); every refused one names the option and writes nothing (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(flags, async (argv) => {
        const out = join(tmp.path, String(n++));
        const r = spawnSync(process.execPath, [BIN, 'generate', ...argv, '--out', out], {
          encoding: 'utf8',
        });
        const what = argv.join(' ');
        if (r.status === 2) {
          seen.refused++;
          expect(existsSync(out), what).toBe(false);
          const lines = r.stderr.trim().split('\n');
          for (const line of lines) {
            const m = /^ohif-recipes: (\S+): .+; fix: .+$/.exec(line);
            expect(m, `${what}\n${line}`).not.toBeNull();
            const name = (m?.[1] as string).replace(/^images\..*/, 'images');
            expect(NAMES.has(name), `${what}\n${line}`).toBe(true);
          }
          return;
        }
        expect(r.stderr, what).toBe('');
        expect(r.status, what).toBe(0);
        seen.accepted++;
        const conf = readFileSync(join(out, 'config', 'nginx.conf'), 'utf8');
        expect(lint(parse(conf)), what).toEqual([]);
        const kubernetes = existsSync(join(out, 'kustomization.yaml'));
        const files = new Map(
          [
            kubernetes ? 'kubernetes/base/resources.yaml' : 'docker-compose.yml',
            '.env.example',
            'config/nginx.conf',
            'scripts/make-secrets.sh',
          ].map((f) => [f, readFileSync(join(out, f), 'utf8')] as const),
        );
        const scratch = join(tmp.path, `${n}-check`);
        materialise(files, scratch);
        if (kubernetes) {
          // The whole folder, as kubectl apply -k reads it, with .env filled in.
          materialise(new Map([['.env.example', files.get('.env.example') as string]]), out);
          const objects = parseAllDocuments(kustomize(out)).map((d) => d.toJS() as KubeObject);
          expect(await schemaProblems(objects), what).toEqual([]);
        } else {
          const compose = dockerComposeConfig(scratch);
          expect(compose.stderr, what).toBe('');
          expect(compose.status, what).toBe(0);
        }
        const t = nginxTestDocker(files, join(scratch, 'nginx-t'));
        expect(t.output, what).toBe('');
        expect(t.status, what).toBe(0);
      }),
      { numRuns: RUNS },
    );
    console.log(`option space: ${seen.accepted} accepted, ${seen.refused} refused`);
    // The generator must reach both sides, or the property proves little.
    expect(seen.accepted).toBeGreaterThan(RUNS / 10);
    expect(seen.refused).toBeGreaterThan(RUNS / 10);
  }, 600_000);
});
