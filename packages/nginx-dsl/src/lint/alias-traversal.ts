import type { Finding, Rule } from './types.js';
import { children } from './walk.js';

/** `location /files { alias /data/; }` serves /data/../ for `/files../`: the classic off-by-slash. */
export const aliasTraversal: Rule = {
  id: 'alias-traversal',
  description:
    'a prefix location without a trailing slash whose alias ends with one allows path traversal',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path } of visits) {
      if (node.directive !== 'location' || !node.block) continue;
      const [first, second] = node.args;
      const prefix = node.args.length === 1 ? first : first === '^~' ? second : undefined;
      if (prefix === undefined || prefix.endsWith('/') || prefix.startsWith('@')) continue;
      for (const a of children(node, 'alias')) {
        if ((a.args[0] ?? '').endsWith('/')) {
          findings.push({
            rule: this.id,
            severity: 'high',
            path,
            message: `location "${prefix}" has no trailing slash but its alias "${a.args[0]}" has one: "${prefix}../" escapes the alias`,
            fix: `use location "${prefix}/" (or drop the trailing slash from the alias)`,
          });
        }
      }
    }
    return findings;
  },
};
