import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTAINERS_DIR } from '@ohif-recipes/testing';
import { IMAGE_PINS, resolveRecipe, runsInContainerTests, VARIANTS } from '../../src/index.js';

/** The container tier and the pins cannot drift apart: each is checked against the other. */
describe('stand-in images', () => {
  const dirs = readdirSync(CONTAINERS_DIR).filter((d) =>
    existsSync(join(CONTAINERS_DIR, d, 'Containerfile')),
  );

  it('there is a stand-in folder for exactly the pins marked standIn, each with its contract', () => {
    const marked = Object.entries(IMAGE_PINS)
      .filter(([, p]) => 'standIn' in p && p.standIn)
      .map(([role]) => role);
    expect(dirs.sort()).toEqual(marked.sort());
    for (const d of dirs) {
      const contract = readFileSync(join(CONTAINERS_DIR, d, 'CONTRACT.md'), 'utf8');
      expect(contract, d).toContain('Stand-in');
      expect(contract, d).toMatch(/\|\s*what\s*\|\s*upstream\s*\|\s*here\s*\|/);
    }
  });

  it('every variant whose images all have stand-ins is run by the container tests', () => {
    const suite = readFileSync(new URL('./compose.container.test.ts', import.meta.url), 'utf8');
    const runnable = VARIANTS.filter((v) => {
      const { model } = resolveRecipe({ variant: v.name });
      return runsInContainerTests(model);
    }).map((v) => v.name);
    expect(runnable).toContain('nginx-orthanc');
    // Its README says the container tests run it: they must (see CONTRIBUTING.md).
    for (const name of runnable)
      expect(suite, `add a describe block for ${name} to compose.container.test.ts`).toContain(
        `variant: '${name}'`,
      );
  });
});
