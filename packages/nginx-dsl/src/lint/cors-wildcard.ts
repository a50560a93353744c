import type { Finding, Rule } from './types.js';

/** Any origin may read responses (studies, patient names) with a wildcard or an echoed Origin. */
export const corsWildcard: Rule = {
  id: 'cors-wildcard',
  description:
    'Access-Control-Allow-Origin "*" or an unchecked echo of $http_origin exposes data to any site',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path } of visits) {
      if (
        node.directive !== 'add_header' ||
        (node.args[0] ?? '').toLowerCase() !== 'access-control-allow-origin'
      )
        continue;
      const value = node.args[1] ?? '';
      if (value !== '*' && value !== '$http_origin') continue;
      findings.push({
        rule: this.id,
        severity: 'high',
        path,
        message:
          value === '*'
            ? 'Access-Control-Allow-Origin "*" lets any web site read these responses'
            : 'the request Origin is echoed back without an allow-list',
        fix: 'serve viewer and PACS from one origin (no CORS needed), or map $http_origin onto an allow-list',
      });
    }
    return findings;
  },
};
