import { describe, expect, it } from 'vitest';
import { synth } from '../src/index.js';
import { CASES } from './cases.js';

// Golden files live in test/golden/<case>/; update them with `npx vitest run -u` after a deliberate change.
// Each variant's own deployments are pinned by test/variants/<name>.test.ts; these are option cases.
const OPTION_CASES = ['nginx-orthanc-secure'] as const;

describe('golden recipes', () => {
  for (const name of OPTION_CASES) {
    const spec = CASES[name];
    it(`${name}: every file matches its golden copy`, async () => {
      const files = await synth(spec);
      for (const [path, text] of files) {
        await expect(text).toMatchFileSnapshot(`golden/${name}/${path}`);
      }
    });
  }

  it('is deterministic', async () => {
    expect([...(await synth(CASES['nginx-orthanc-subpath']))]).toEqual([
      ...(await synth({ ...CASES['nginx-orthanc-subpath'] })),
    ]);
  });
});
