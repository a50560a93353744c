import { describe, expect, it } from 'vitest';
import { synth } from '../src/index.js';
import { CASES } from './cases.js';
import { expectGolden } from './variant-suite.js';

// Golden files live in test/golden/<case>/; update them with `npx vitest run -u` after a deliberate change.
// Each variant's own deployments are pinned by test/variants/<name>.test.ts; these are option cases.
const OPTION_CASES = ['nginx-orthanc-secure'] as const;

describe('golden recipes', () => {
  for (const name of OPTION_CASES) {
    it(`${name}: every file matches its golden copy`, () => expectGolden(name, CASES[name]));
  }

  it('is deterministic', async () => {
    expect([...(await synth(CASES['nginx-orthanc-subpath']))]).toEqual([
      ...(await synth({ ...CASES['nginx-orthanc-subpath'] })),
    ]);
  });
});
