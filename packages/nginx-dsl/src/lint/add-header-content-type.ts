import type { Finding, Rule } from './types.js';
import { children } from './walk.js';

const HIDE = [
  'proxy_hide_header',
  'fastcgi_hide_header',
  'uwsgi_hide_header',
  'scgi_hide_header',
  'grpc_hide_header',
];

/** add_header adds a second Content-Type next to the one nginx or the upstream already sends. */
export const addHeaderContentType: Rule = {
  id: 'add-header-content-type',
  description: 'Content-Type set with add_header (a second Content-Type header)',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path, ancestors } of visits) {
      if (node.directive !== 'add_header' || (node.args[0] ?? '').toLowerCase() !== 'content-type')
        continue;
      // Hiding the upstream's own Content-Type first is the deliberate way to replace it.
      const hidden = ancestors.some((a) =>
        HIDE.some((h) =>
          children(a, h).some((d) => (d.args[0] ?? '').toLowerCase() === 'content-type'),
        ),
      );
      if (hidden) continue;
      findings.push({
        rule: this.id,
        severity: 'low',
        path,
        message:
          'add_header Content-Type sends a second Content-Type header next to the one already set; clients pick either',
        fix: `default_type ${node.args[1] ?? 'TYPE'}; (or types { ... }), or proxy_hide_header Content-Type first`,
      });
    }
    return findings;
  },
};
