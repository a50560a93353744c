import type { Finding, Rule } from './types.js';
import { children } from './walk.js';

/**
 * `return` runs in the rewrite phase, before the access phase where allow/deny are checked:
 * a location that returns answers every client, whatever its allow list says.
 */
export const returnBypassesAllowDeny: Rule = {
  id: 'return-bypasses-allow-deny',
  description:
    'return in a block restricted by allow/deny answers before the restriction is checked',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path, ancestors } of visits) {
      if (node.directive !== 'return') continue;
      const chain = [...ancestors];
      const restricted = chain.some(
        (b) => children(b, 'deny').length > 0 || children(b, 'allow').length > 0,
      );
      if (!restricted) continue;
      findings.push({
        rule: this.id,
        severity: 'medium',
        path,
        message:
          'return answers in the rewrite phase, before allow/deny are checked: every client gets this response',
        fix: 'check the address first (if ($remote_addr ...) or a geo map, then return 403), or serve the content another way (try_files, proxy_pass) so the access phase runs',
      });
    }
    return findings;
  },
};
