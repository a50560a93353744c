import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constName,
  exportedVariant,
  NAME_PATTERN,
  registerVariant,
  variantFile,
} from '../src/generators/recipe/variant-files.ts';

const INDEX = `import { nginxDcm4chee } from './nginx-dcm4chee.js';
import { nginxOrthanc } from './nginx-orthanc.js';
import type { Variant } from './types.js';

/** Every variant, in the order \`ohif-recipes list\` shows them. */
export const VARIANTS: readonly Variant[] = [
  nginxOrthanc,
  nginxDcm4chee,
];
`;

describe('recipe generator text', () => {
  it('registers a variant: one import, appended to VARIANTS, and refuses it twice', () => {
    const out = registerVariant(INDEX, 'nginx-orthanc-s3');
    expect(out).toContain("import { nginxOrthancS3 } from './nginx-orthanc-s3.js';");
    expect(out).toContain('[nginxOrthanc, nginxDcm4chee, nginxOrthancS3];');
    expect(() => registerVariant(out, 'nginx-orthanc-s3')).toThrow(/already registers/);
    expect(() => registerVariant('export {}', 'x')).toThrow(/no VARIANTS array/);
  });

  it('finds the exported variant of a file and names constants in camel case', () => {
    expect(exportedVariant('export const nginxOrthanc: Variant = {', 'f.ts')).toBe('nginxOrthanc');
    expect(() => exportedVariant('export const x = 1', 'f.ts')).toThrow(/f.ts: no "export const/);
    expect(constName('nginx-orthanc-s3')).toBe('nginxOrthancS3');
  });

  it('any description survives as a TypeScript string literal (fast-check)', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(NAME_PATTERN), (description, name) => {
        const text = variantFile({
          name,
          from: 'nginx-orthanc',
          fromConst: 'nginxOrthanc',
          description,
        });
        const literal = /description: '((?:[^'\\\n]|\\.)*)',\n/.exec(text)?.[1];
        expect(literal).toBeDefined();
        // Reading the literal back the way TypeScript would gives the description.
        expect(JSON.parse(`"${(literal as string).replace(/\\'/g, "'")}"`)).toBe(description);
      }),
      { numRuns: 500 },
    );
  });
});
