import type { Directive } from '../types.js';
import type { Finding, Rule } from './types.js';
import { authenticatedBy, children, inherited } from './walk.js';

/** `satisfy any` with authentication: addresses outside the list must still log in. */
function allowOrAuth(chain: readonly Directive[]): boolean {
  if (inherited(chain, 'satisfy')?.args[0]?.toLowerCase() !== 'any') return false;
  return authenticatedBy(chain) !== undefined;
}

/** An allow list without `deny` restricts nothing: every other address is allowed too. */
export const allowWithoutDeny: Rule = {
  id: 'allow-without-deny',
  description: 'allow directives with no deny in the same block (every address is let in)',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path, ancestors } of visits) {
      if (!node.block) continue;
      const allows = children(node, 'allow').filter((a) => a.args[0] !== 'all');
      if (allows.length === 0 || children(node, 'deny').length > 0) continue;
      if (allowOrAuth([...ancestors, node])) continue;
      findings.push({
        rule: this.id,
        severity: 'high',
        path,
        message: `allow ${allows.map((a) => a.args[0]).join(', ')} without a deny: every other address is allowed too`,
        fix: 'add "deny all;" after the allow directives',
      });
    }
    return findings;
  },
};
