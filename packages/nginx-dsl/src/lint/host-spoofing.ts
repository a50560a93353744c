import type { Finding, Rule } from './types.js';
import { parts, Values } from './values.js';

/** `$http_host` is the raw header; `$host` prefers the request line and is normalised. */
const SPOOFABLE = /^(http_host|arg_.+)$/i;

export const hostSpoofing: Rule = {
  id: 'host-spoofing',
  description: 'the Host sent upstream is copied from the raw Host header or a query argument',
  check(visits) {
    const values = Values.of(visits);
    const findings: Finding[] = [];
    for (const visit of visits) {
      const { node, path } = visit;
      if (node.directive !== 'proxy_set_header' || (node.args[0] ?? '').toLowerCase() !== 'host')
        continue;
      const sources = parts(node.args[1] ?? '')
        .flatMap((p) => ('variable' in p ? values.variable(p.variable, visit).sources : []))
        .filter((s) => SPOOFABLE.test(s.slice(1)));
      if (sources.length === 0) continue;
      findings.push({
        rule: this.id,
        severity: 'medium',
        path,
        message: `the upstream Host comes from ${[...new Set(sources)].join(', ')}, which the client sets freely (an absolute request line does not override it)`,
        fix: 'proxy_set_header Host $host; (or a fixed name the upstream expects)',
      });
    }
    return findings;
  },
};
