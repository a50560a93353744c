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
  /** Only NGINX Plus (the commercial build) has it; open-source nginx rejects it. */
  plus?: boolean;
}

/**
 * Modules only NGINX Plus ships: each one's page on nginx.org says "This module is available
 * as part of our commercial subscription".
 */
const PLUS_MODULES = new Set([
  'ngx_http_api_module',
  'ngx_http_auth_jwt_module',
  'ngx_http_auth_require_module',
  'ngx_http_f4f_module',
  'ngx_http_hls_module',
  'ngx_http_internal_redirect_module',
  'ngx_http_keyval_module',
  'ngx_http_oidc_module',
  'ngx_http_session_log_module',
  'ngx_http_status_module',
  'ngx_http_upstream_conf_module',
  'ngx_http_upstream_hc_module',
  'ngx_mgmt_module',
  'ngx_stream_keyval_module',
  'ngx_stream_mqtt_filter_module',
  'ngx_stream_mqtt_preread_module',
  'ngx_stream_upstream_hc_module',
  'ngx_stream_zone_sync_module',
]);

/** A directive of an open module that only NGINX Plus has, as its reference text says. */
const PLUS_DIRECTIVE = /This directive is available as part of\s+our\s+commercial subscription/;

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
      ...(PLUS_MODULES.has(d.module) || PLUS_DIRECTIVE.test(d.description.replace(/<[^>]*>/g, ''))
        ? { plus: true }
        : {}),
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
