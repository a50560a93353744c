import type { Directive } from '../types.js';
import type { Finding, Rule } from './types.js';
import { authenticatedBy, children } from './walk.js';

/** What guards a block: allow/deny in it or around it, or authentication it inherits. */
function guard(chain: readonly Directive[]): string | undefined {
  if (chain.some((b) => children(b, 'deny').length > 0 || children(b, 'allow').length > 0))
    return 'allow/deny';
  return authenticatedBy(chain);
}

/**
 * `return` runs in the rewrite phase, before the access phase where allow/deny and
 * authentication are checked: a location that returns content answers every client.
 * Redirects and errors give nothing away and are not reported.
 */
export const returnBypassesAllowDeny: Rule = {
  id: 'return-bypasses-allow-deny',
  description:
    'return with content in a block restricted by allow/deny or authentication answers before the restriction is checked',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path, ancestors } of visits) {
      if (node.directive !== 'return' || !/^2\d\d$/.test(node.args[0] ?? '')) continue;
      const by = guard(ancestors);
      if (!by) continue;
      findings.push({
        rule: this.id,
        severity: 'medium',
        path,
        message: `return answers in the rewrite phase, before ${by} is checked: every client gets this response`,
        fix: 'serve the content another way (a file, try_files, proxy_pass) so the access phase runs, or check the client first with if/map and return 403',
      });
    }
    return findings;
  },
};
