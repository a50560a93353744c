import { droppedHeaders } from './add-header-redefinition.js';
import type { Finding, Rule } from './types.js';

/** A location's own proxy_set_header drops the server's: Host, X-Forwarded-* go missing upstream. */
export const proxySetHeaderRedefinition: Rule = {
  id: 'proxy-set-header-redefinition',
  description:
    'a block with its own proxy_set_header drops the proxy_set_header directives it would inherit',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path, ancestors } of visits) {
      if (!node.block || !['server', 'location', 'if'].includes(node.directive)) continue;
      const dropped = droppedHeaders(node, ancestors, 'proxy_set_header');
      if (dropped.length === 0) continue;
      findings.push({
        rule: this.id,
        severity: 'medium',
        path,
        message: `proxy_set_header here drops the inherited header(s) sent upstream: ${dropped.join(', ')}`,
        fix: 'repeat the inherited proxy_set_header directives in this block (or include a shared snippet)',
      });
    }
    return findings;
  },
};
