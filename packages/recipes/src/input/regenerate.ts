import { RECIPE_OPTIONS, specFromFlags, type FlagValues } from './option-table.js';
import { resolveSpec } from './resolve.js';
import type { RecipeSpec, ResolvedSpec } from './types.js';

type Defaults = Parameters<typeof resolveSpec>[2];

/** Every row's value for `spec`, as parsed flags. */
function flagValues(spec: ResolvedSpec): FlagValues {
  return Object.fromEntries(RECIPE_OPTIONS.map((o) => [o.flag, o.value(spec)]));
}

/**
 * The whole resolved input as a spec file holds it: every option explicit, defaults
 * included, so the recipe stays the same when a later version changes a default.
 */
export function recordedSpec(spec: ResolvedSpec): RecipeSpec {
  return specFromFlags(spec.variant, flagValues(spec));
}

/**
 * The fewest flags that give `spec` again: every row's value, then each dropped where the
 * spec resolves the same without it (a default). `ohif-recipes generate <variant> <flags>`
 * with the same version of the tool reproduces the recipe byte for byte.
 */
export function regenerateFlags(spec: ResolvedSpec, defaults: Defaults): string[] {
  const resolves = (values: FlagValues) => {
    try {
      return resolveSpec(specFromFlags(spec.variant, values), [spec.variant], defaults);
    } catch {
      return undefined;
    }
  };
  const target = JSON.stringify(spec);
  const values = flagValues(spec);
  for (const o of RECIPE_OPTIONS) {
    const without = { ...values, [o.flag]: undefined };
    // --tls-cert and --tls-key stand or fall together.
    if (o.flag === 'tls-cert') without['tls-key'] = undefined;
    if (o.flag === 'tls-key') continue;
    if (JSON.stringify(resolves(without)) === target) Object.assign(values, without);
  }
  return RECIPE_OPTIONS.flatMap((o) => {
    const v = values[o.flag];
    if (v === undefined || v === false) return [];
    if (v === true) return [`--${o.flag}`];
    return [v].flat().flatMap((x) => [`--${o.flag}`, shellWord(String(x))]);
  });
}

/** A word the shell reads back unchanged: quoted unless it holds only safe characters. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}
