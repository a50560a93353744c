import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findProblems, lint, parse } from '@ohif-recipes/nginx-dsl';
import { readAppConfigJs } from '@ohif-recipes/viewer-config/node';
import { validateAppConfig } from '@ohif-recipes/viewer-config/validate';
import { parse as parseYaml } from 'yaml';
import { findVariant, synth, type ComposeModel, type RecipeSpec } from '../src/index.js';
import { validateCompose } from './real-tools.js';

const GOLDEN = fileURLToPath(new URL('./golden/', import.meta.url));

/** Every file synth makes for `spec` equals its copy in test/golden/<golden>/. */
export async function expectGolden(golden: string, spec: RecipeSpec): Promise<void> {
  for (const [path, text] of await synth(spec)) {
    await expect(text).toMatchFileSnapshot(`${GOLDEN}${golden}/${path}`);
  }
}

/** The two deployments every variant is pinned by: at a host root and under a sub-path. */
export function variantSpecs(name: string): Array<[string, RecipeSpec]> {
  return [
    [name, { variant: name }],
    [
      `${name}-subpath`,
      { variant: name, publicUrl: 'https://pacs.example.org/ohif/', httpPort: 8080 },
    ],
  ];
}

/**
 * What every variant must pass: it is registered, its files match the golden copies in
 * test/golden/<name>[-subpath]/ (update with `npx vitest run -u test/variants/<name>.test.ts`
 * after a deliberate change), its nginx.conf is clean, its app config is valid and its
 * compose file follows the Compose Specification.
 */
export function variantSuite(name: string): void {
  describe(`variant ${name}`, () => {
    it('is registered with a description', () => {
      expect(findVariant(name)?.description).toMatch(/\S/);
    });

    for (const [golden, spec] of variantSpecs(name)) {
      it(`${golden}: every file matches its golden copy`, () => expectGolden(golden, spec));

      it(`${golden}: nginx.conf clean, app config valid, compose valid`, async () => {
        const files = await synth(spec);
        const nginx = parse(files.get('config/nginx.conf') as string);
        expect(findProblems(nginx)).toEqual([]);
        expect(lint(nginx)).toEqual([]);
        const appConfig = [...files.keys()].find((k) => /^config\/.*\.js$/.test(k)) as string;
        expect(validateAppConfig(readAppConfigJs(files.get(appConfig) as string))).toEqual([]);
        const compose = parseYaml(files.get('docker-compose.yml') as string) as ComposeModel;
        expect(validateCompose(compose), JSON.stringify(validateCompose.errors)).toBe(true);
      });
    }
  });
}
