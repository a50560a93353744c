import type { Finding, Rule } from './types.js';

/** Inside `if` in a location, only these behave as written ("if is evil"). */
const SAFE = new Set(['return', 'rewrite', 'set', 'break']);

export const ifInLocation: Rule = {
  id: 'if-in-location',
  description: 'if inside a location may only safely hold return or rewrite ... last',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path, ancestors } of visits) {
      if (node.directive !== 'if' || !node.block) continue;
      if (ancestors[ancestors.length - 1]?.directive !== 'location') continue;
      const unsafe = node.block.filter((c) => c.directive !== '#' && !SAFE.has(c.directive));
      const rewrites = node.block.filter(
        (c) =>
          c.directive === 'rewrite' &&
          c.args[2] !== 'last' &&
          c.args[2] !== 'break' &&
          c.args[2] !== 'redirect' &&
          c.args[2] !== 'permanent',
      );
      if (unsafe.length === 0 && rewrites.length === 0) continue;
      findings.push({
        rule: this.id,
        severity: 'medium',
        path,
        message: `if inside a location holds ${[...new Set([...unsafe, ...rewrites].map((c) => c.directive))].join(', ')}, which nginx may apply unexpectedly`,
        fix: 'use return/rewrite inside the if, or a map plus a separate location',
      });
    }
    return findings;
  },
};
