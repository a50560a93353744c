import type { Finding, Rule } from './types.js';
import { children } from './walk.js';

/** stub_status tells anyone the server's load and connection counts: reconnaissance. */
export const statusPageExposed: Rule = {
  id: 'status-page-exposed',
  description: 'stub_status without an allow list and deny all',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path, ancestors } of visits) {
      if (node.directive !== 'stub_status') continue;
      const server = [...ancestors].reverse().find((a) => a.directive === 'server');
      const listens = children(server, 'listen');
      if (listens.length > 0 && listens.every((l) => l.args[0]?.startsWith('unix:'))) continue;
      const block = ancestors[ancestors.length - 1];
      const allow = children(block, 'allow').some((a) => a.args[0] !== 'all');
      const denyAll = children(block, 'deny').some((d) => d.args[0] === 'all');
      if (allow && denyAll) continue;
      findings.push({
        rule: this.id,
        severity: 'medium',
        path,
        message:
          'stub_status answers every client: connection and request counts for reconnaissance',
        fix: 'allow only the monitoring addresses (allow 127.0.0.1;) and add deny all; in this location',
      });
    }
    return findings;
  },
};
