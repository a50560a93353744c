import type { Directive } from './types.js';

/** Block directives whose first arguments name them well enough to be shown in a path. */
const LABELLED = new Set([
  'location',
  'upstream',
  'map',
  'if',
  'limit_except',
  'geo',
  'split_clients',
]);

/** The path segment of `d`, the `index`-th of its parent's children. */
export function segment(siblings: readonly Directive[], index: number): string {
  const d = siblings[index];
  if (!d) return '?';
  if (LABELLED.has(d.directive) && d.args.length > 0) {
    return `${d.directive} ${JSON.stringify(d.args.join(' '))}`;
  }
  const same = siblings.filter((s) => s.directive === d.directive);
  if (d.directive === 'server' && d.block) {
    return `server[${same.indexOf(d)}]`;
  }
  return same.length > 1 ? `${d.directive}[${same.indexOf(d)}]` : d.directive;
}

export function joinPath(parent: string, seg: string): string {
  return parent ? `${parent} > ${seg}` : seg;
}
