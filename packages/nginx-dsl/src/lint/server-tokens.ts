import type { Finding, Rule } from './types.js';
import { children } from './walk.js';

/** nginx advertises its version on error pages and in `Server:` unless told not to. */
export const serverTokens: Rule = {
  id: 'server-tokens',
  description: 'server_tokens on (or build) discloses the nginx version',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path } of visits) {
      if (node.directive === 'server_tokens' && node.args[0] !== 'off') {
        findings.push({
          rule: this.id,
          severity: 'medium',
          path,
          message: `server_tokens ${node.args[0] ?? ''} discloses the nginx version${node.args[0] === 'build' ? ' and its build name' : ''}`,
          fix: 'server_tokens off;',
        });
      }
      if (node.directive === 'http' && node.block && children(node, 'server_tokens').length === 0) {
        const servers = children(node, 'server');
        if (servers.every((s) => children(s, 'server_tokens').length === 0)) {
          findings.push({
            rule: this.id,
            severity: 'low',
            path,
            message: 'server_tokens is not set and defaults to on, disclosing the nginx version',
            fix: 'add "server_tokens off;" to the http block',
          });
        }
      }
    }
    return findings;
  },
};
