import { readFileSync } from 'node:fs';
import {
  FlagError,
  optionFor,
  RECIPE_OPTIONS,
  specFromFlags,
  type FlagValues,
} from '../input/option-table.js';
import type { RecipeSpec } from '../input/types.js';
import { VARIANTS } from '../variants/index.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** parseArgs options for every row of the option table. */
export const OPTION_PARSING = Object.fromEntries(
  RECIPE_OPTIONS.map((o) => [
    o.flag,
    o.kind === 'switch'
      ? { type: 'boolean' as const }
      : o.kind === 'image'
        ? { type: 'string' as const, multiple: true as const }
        : { type: 'string' as const },
  ]),
);

/** Reads `--config FILE`: a JSON object, or a UsageError naming the file and the fix. */
function readConfig(config: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(config, 'utf8');
  } catch (e) {
    throw new UsageError(
      `--config: cannot read ${config} (${(e as NodeJS.ErrnoException).code ?? e}); fix: give the path of a JSON spec file`,
    );
  }
  let base: unknown;
  try {
    base = JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      `--config: ${config} is not valid JSON (${(e as Error).message}); fix: correct the file`,
    );
  }
  if (typeof base !== 'object' || base === null || Array.isArray(base))
    throw new UsageError(
      `--config: ${config} must hold a JSON object; fix: see the recipe spec schema`,
    );
  return base as Record<string, unknown>;
}

/**
 * Builds the spec from `--config` (if any) with command-line options on top, row by row.
 * The variant is the positional argument, else the spec file's.
 */
export function specFromOptions(variant: string | undefined, values: FlagValues): RecipeSpec {
  const base = typeof values.config === 'string' ? readConfig(values.config) : {};
  const name = variant ?? (typeof base.variant === 'string' ? base.variant : undefined);
  if (name === undefined)
    throw new UsageError(
      `no variant; fix: name one (${VARIANTS.map((v) => v.name).join(', ')}) or give --config with a "variant"`,
    );
  try {
    return specFromFlags(name, values, base);
  } catch (e) {
    if (e instanceof FlagError) throw new UsageError(e.message);
    throw e;
  }
}

/** `publicUrl` -> `--public-url` when the value came from that option, else the spec field. */
export function optionName(field: string, given: FlagValues): string {
  const row = optionFor(field);
  return row && given[row.flag] !== undefined ? `--${row.flag}` : field;
}
