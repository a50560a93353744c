import type { Finding, Rule } from './types.js';
import { children } from './walk.js';

/**
 * A prefix location without a trailing slash matches more than its folder. With an alias
 * ending in "/", `/files../x` becomes `/data/files/../x` (the parent folder); without one,
 * `/files-secret/x` becomes `/srv/home-secret/x` (a sibling folder). `location = ...` is exact.
 */
export const aliasTraversal: Rule = {
  id: 'alias-traversal',
  description:
    'a prefix location without a trailing slash serves from outside its alias (parent or sibling folders)',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path } of visits) {
      if (node.directive !== 'location' || !node.block) continue;
      const [first, second] = node.args;
      const prefix = node.args.length === 1 ? first : first === '^~' ? second : undefined;
      if (prefix === undefined || prefix.endsWith('/') || prefix.startsWith('@')) continue;
      for (const a of children(node, 'alias')) {
        const alias = a.args[0] ?? '';
        const parent = alias.endsWith('/');
        findings.push({
          rule: this.id,
          severity: parent ? 'high' : 'medium',
          path,
          message: parent
            ? `location "${prefix}" has no trailing slash but its alias "${alias}" has one: "${prefix}../" escapes the alias into its parent folder`
            : `location "${prefix}" has no trailing slash: "${prefix}-x/..." is served from "${alias}-x/...", a sibling of the alias`,
          fix: parent
            ? `use location "${prefix}/" (or drop the trailing slash from the alias)`
            : `use location "${prefix}/" with alias "${alias}/" (or location = "${prefix}" for a single file)`,
        });
      }
    }
    return findings;
  },
};
