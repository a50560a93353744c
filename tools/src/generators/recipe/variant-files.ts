/** Pure text for a new variant: its file, its test and its line in the registry. */

/** A problem with the generator's options, naming the option and the fix. */
export class RecipeGeneratorError extends Error {
  override readonly name = 'RecipeGeneratorError';
}

export const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** nginx-orthanc-s3 -> nginxOrthancS3 */
export function constName(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The exported Variant constant of a variant file (`export const nginxOrthanc: Variant = {`). */
export function exportedVariant(source: string, file: string): string {
  const m = /export const (\w+): Variant\b/.exec(source);
  if (!m?.[1]) throw new RecipeGeneratorError(`${file}: no "export const <name>: Variant" found`);
  return m[1];
}

export function variantFile(opts: {
  name: string;
  from: string;
  fromConst: string;
  description: string;
}): string {
  const quoted = JSON.stringify(opts.description).slice(1, -1).replace(/'/g, "\\'");
  return `import { ${opts.fromConst} } from './${opts.from}.js';
import type { Variant } from './types.js';

/**
 * ${opts.name}: started from ${opts.from}. Override what differs: \`pacs\` (a PacsModule,
 * e.g. orthancPacs('postgres')), \`gate\` (an identity gate), \`appConfigName\`.
 */
export const ${constName(opts.name)}: Variant = {
  ...${opts.fromConst},
  name: '${opts.name}',
  description: '${quoted}',
};
`;
}

export function variantTestFile(name: string): string {
  return `import { variantSuite } from '../variant-suite.js';

variantSuite('${name}');
`;
}

/**
 * variants/index.ts with the new variant imported and appended to VARIANTS (the order
 * \`ohif-recipes list\` shows).
 */
export function registerVariant(index: string, name: string): string {
  const id = constName(name);
  if (new RegExp(`\\b${id}\\b`).test(index))
    throw new RecipeGeneratorError(`variants/index.ts already registers ${id}`);
  const list = /(export const VARIANTS: readonly Variant\[\] = \[)([\s\S]*?)(\];)/.exec(index);
  if (!list) throw new RecipeGeneratorError('variants/index.ts: no VARIANTS array found');
  const entries = (list[2] as string)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const withEntry = index.replace(list[0], `${list[1]}${[...entries, id].join(', ')}${list[3]}`);
  const imports = [...withEntry.matchAll(/^import .*;$/gm)];
  const last = imports[imports.length - 1];
  const at = last ? (last.index ?? 0) + last[0].length : 0;
  return `${withEntry.slice(0, at)}\nimport { ${id} } from './${name}.js';${withEntry.slice(at)}`;
}
