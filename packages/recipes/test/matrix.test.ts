import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProblems, lint, parse } from '@ohif-recipes/nginx-dsl';
import { parse as parseYaml } from 'yaml';
import { tempDir } from '@ohif-recipes/testing';
import { synth, VARIANTS, type ComposeModel, type RecipeSpec } from '../src/index.js';
import {
  dockerComposeConfig,
  materialise,
  nginxTestDocker,
  validateCompose,
} from './real-tools.js';

/** Every variant with every combination of the security and deployment options. */
const MATRIX: RecipeSpec[] = VARIANTS.flatMap((v) =>
  // A variant with its own sign-in (Keycloak) refuses basic authentication on top.
  (v.gate ? (['none'] as const) : (['none', 'basic'] as const)).flatMap((auth) =>
    [false, true, { certificate: '/srv/certs/pacs.crt', key: '/srv/certs/pacs.key' }].flatMap(
      (tls) =>
        ['/', '/ohif/'].map((base) => ({
          variant: v.name,
          auth,
          tls,
          publicUrl: `${tls ? 'https' : 'http'}://pacs.example.org${base}`,
        })),
    ),
  ),
);

describe(`option matrix (${MATRIX.length} recipes): lint, nginx -t, compose validation`, () => {
  const tmp = tempDir('matrix');
  afterAll(() => tmp.remove());

  it.each(
    MATRIX.map(
      (s, i) =>
        [`${s.variant} auth=${s.auth} tls=${JSON.stringify(s.tls)} ${s.publicUrl}`, s, i] as const,
    ),
  )('%s', async (_label, spec, i) => {
    const files = await synth(spec);
    const nginx = parse(files.get('config/nginx.conf') as string);
    expect(findProblems(nginx)).toEqual([]);
    expect(lint(nginx)).toEqual([]);
    const compose = parseYaml(files.get('docker-compose.yml') as string) as ComposeModel;
    expect(validateCompose(compose), JSON.stringify(validateCompose.errors)).toBe(true);
    const dir = join(tmp.path, String(i));
    materialise(files, dir);
    const config = dockerComposeConfig(dir);
    expect(config.stderr).toBe('');
    expect(config.status).toBe(0);
    const t = nginxTestDocker(files, join(dir, 'nginx-t'));
    expect(t.output).toBe('');
    expect(t.status).toBe(0);
  });
});
