import { getDirectives } from '@nginx/reference-lib';
import { arityOf, syntaxText, type Arity } from './syntax.js';

/** One way a directive may be used, from one module's entry in nginx's reference. */
export interface CatalogEntry {
  name: string;
  module: string;
  contexts: string[];
  isBlock: boolean;
  arity: Arity;
  syntax: string[];
}

export type Catalog = ReadonlyMap<string, readonly CatalogEntry[]>;

/**
 * Blocks whose children are data, not directives (`types { text/html html; }`,
 * `map $a $b { default 0; }`): their entries are not looked up in the catalog.
 */
export const FREE_FORM_BLOCKS: ReadonlySet<string> = new Set([
  'types',
  'map',
  'geo',
  'split_clients',
  'charset_map',
  'match',
]);

/** Corrections where the reference's syntax line does not match what nginx accepts. */
const ARITY_OVERRIDES: Record<string, Arity> = {
  // The reference writes `(condition)` as one word; conditions take 1 to 3 tokens.
  if: { min: 1, max: 3 },
};

let cached: Catalog | undefined;

/** The directive catalog built from `@nginx/reference-lib` (all official modules). */
export function defaultCatalog(): Catalog {
  if (cached) return cached;
  const map = new Map<string, CatalogEntry[]>();
  for (const d of getDirectives()) {
    const arities = d.syntax.map(arityOf);
    const arity = ARITY_OVERRIDES[d.name] ?? {
      min: Math.min(...arities.map((a) => a.min)),
      max: Math.max(...arities.map((a) => a.max)),
    };
    const entry: CatalogEntry = {
      name: d.name,
      module: d.module,
      contexts: d.contexts,
      isBlock: d.isBlock,
      arity,
      syntax: d.syntax.map(syntaxText),
    };
    const list = map.get(d.name) ?? [];
    list.push(entry);
    map.set(d.name, list);
  }
  cached = map;
  return map;
}

/** A catalog with extra directives (third-party modules such as brotli) added. */
export function extendCatalog(base: Catalog, extra: readonly CatalogEntry[]): Catalog {
  const map = new Map<string, CatalogEntry[]>();
  for (const [k, v] of base) map.set(k, [...v]);
  for (const e of extra) map.set(e.name, [...(map.get(e.name) ?? []), e]);
  return map;
}
