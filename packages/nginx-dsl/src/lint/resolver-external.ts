import type { Finding, Rule } from './types.js';

/** Loopback, private, link-local and unique-local addresses, and cluster-local names. */
const LOCAL = [
  /^127\./,
  /^10\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^169\.254\./,
  /^\[?::1\]?$/,
  /^\[?f[cd][0-9a-f]{2}:/i,
  /^\[?fe80:/i,
  /^localhost$/i,
  /\.(local|internal|localdomain)$/i,
];

const host = (arg: string): string =>
  arg.startsWith('[') ? arg.slice(0, arg.indexOf(']') + 1) : arg.replace(/:\d+$/, '');

/** A resolver across the internet can be answered by spoofed packets: poisoned upstream names. */
export const resolverExternal: Rule = {
  id: 'resolver-external',
  description: 'resolver points at DNS servers outside the host or private network',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path } of visits) {
      if (node.directive !== 'resolver') continue;
      const external = node.args
        .filter((a) => !a.includes('='))
        .filter((a) => !LOCAL.some((re) => re.test(host(a))));
      if (external.length === 0) continue;
      findings.push({
        rule: this.id,
        severity: 'high',
        path,
        message: `resolver uses DNS servers outside the host or private network (${external.join(', ')}): spoofed answers can redirect proxied requests`,
        fix: 'resolve through a local resolver (127.0.0.1, the container runtime DNS such as 127.0.0.11, or the cluster DNS)',
      });
    }
    return findings;
  },
};
