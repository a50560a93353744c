import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { browserBundle } from '@ohif-recipes/testing';

// Inside the package folder, so `@ohif-recipes/nginx-dsl` resolves to the built package.
const DIR = mkdtempSync(join(fileURLToPath(new URL('..', import.meta.url)), '.tmp-bundle-'));

async function bundle(name: string, code: string) {
  const entry = join(DIR, `${name}.js`);
  writeFileSync(entry, code);
  return browserBundle(entry);
}

describe('bundles of @ohif-recipes/nginx-dsl (built package)', () => {
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it('render and parse do not pull in the directive catalog', async () => {
    const small = await bundle(
      'render',
      `import { parse, render } from '@ohif-recipes/nginx-dsl';
export default render(parse('events {}')) + render([{ directive: 'gzip', args: ['on'] }]);`,
    );
    const withCatalog = await bundle(
      'validate',
      `import { findProblems } from '@ohif-recipes/nginx-dsl';
export default findProblems([{ directive: 'gzip', args: ['on'] }], { context: 'http' });`,
    );
    console.log(
      `nginx-dsl bundle bytes: render+parse ${small.bytes}, validate ${withCatalog.bytes}`,
    );
    expect(small.inputs.some((i) => i.includes('reference-lib'))).toBe(false);
    expect(withCatalog.inputs.some((i) => i.includes('reference-lib'))).toBe(true);
    expect(small.bytes).toBeLessThan(20_000);
  });
});
