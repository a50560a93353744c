import type { Directive } from '../types.js';
import type { Finding, Rule } from './types.js';
import { children } from './walk.js';

const headerName = (d: Directive): string => (d.args[0] ?? '').toLowerCase();

/**
 * Headers of `directive` a block drops: nginx inherits add_header and proxy_set_header
 * only into blocks that declare none of their own, so one in a location silently drops
 * every one set by server or http.
 */
export function droppedHeaders(
  node: Directive,
  ancestors: readonly Directive[],
  directive: string,
): string[] {
  const own = children(node, directive);
  if (own.length === 0) return [];
  // The headers that would apply here: those of the nearest ancestor declaring any.
  let inheritedHeaders: Directive[] = [];
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const found = children(ancestors[i], directive);
    if (found.length > 0) {
      inheritedHeaders = found;
      break;
    }
  }
  const ownNames = new Set(own.map(headerName));
  return [...new Set(inheritedHeaders.map(headerName).filter((h) => !ownNames.has(h)))];
}

/** A rule reporting the inherited `directive` headers a server, location or if block drops. */
export function redefinitionRule(opts: {
  id: string;
  directive: string;
  description: string;
  what: string;
  severity(dropped: readonly string[]): Finding['severity'];
}): Rule {
  return {
    id: opts.id,
    description: opts.description,
    check(visits) {
      const findings: Finding[] = [];
      for (const { node, path, ancestors } of visits) {
        if (!node.block || !['server', 'location', 'if'].includes(node.directive)) continue;
        const dropped = droppedHeaders(node, ancestors, opts.directive);
        if (dropped.length === 0) continue;
        findings.push({
          rule: opts.id,
          severity: opts.severity(dropped),
          path,
          message: `${opts.directive} here drops the inherited header(s)${opts.what}: ${dropped.join(', ')}`,
          fix: `repeat the inherited ${opts.directive} directives in this block (or include a shared snippet)`,
        });
      }
      return findings;
    },
  };
}

const SECURITY = new Set([
  'strict-transport-security',
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'referrer-policy',
  'permissions-policy',
]);

export const addHeaderRedefinition = redefinitionRule({
  id: 'add-header-redefinition',
  directive: 'add_header',
  description: 'a block with its own add_header drops the add_header directives it would inherit',
  what: '',
  severity: (dropped) => (dropped.some((h) => SECURITY.has(h)) ? 'high' : 'medium'),
});
