import type { Directive } from '../types.js';
import type { Finding, Rule } from './types.js';
import { variablesIn } from './walk.js';

const REQUEST_CONTROLLED =
  /^(host|http_.+|arg_.+|args|query_string|cookie_.+|uri|document_uri|request_uri|request_body|[1-9])$/;

/** Variables assigned by `set` in enclosing blocks, with their assigned value. */
function assignments(ancestors: readonly Directive[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of ancestors) {
    for (const c of a.block ?? []) {
      if (c.directive === 'set' && c.args[0]?.startsWith('$'))
        out.set(c.args[0].slice(1), c.args[1] ?? '');
    }
  }
  return out;
}

/** The scheme://host[:port] part of a proxy_pass URL, which decides where nginx connects. */
function hostPart(url: string): string {
  const m = /^[a-z]+:\/\/([^/]*)/i.exec(url);
  return m ? (m[1] ?? '') : url;
}

export const ssrfProxyPass: Rule = {
  id: 'ssrf-proxy-pass',
  description: 'proxy_pass to a host taken from the request lets a client reach internal services',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path, ancestors } of visits) {
      if (node.directive !== 'proxy_pass') continue;
      const sets = assignments(ancestors);
      const tainted = (v: string, seen = new Set<string>()): boolean => {
        if (REQUEST_CONTROLLED.test(v)) return true;
        const assigned = sets.get(v);
        if (assigned === undefined || seen.has(v)) return false;
        seen.add(v);
        return variablesIn(hostPart(assigned)).some((w) => tainted(w, seen));
      };
      const bad = variablesIn(hostPart(node.args[0] ?? '')).filter((v) => tainted(v));
      if (bad.length === 0) continue;
      findings.push({
        rule: this.id,
        severity: 'high',
        path,
        message: `proxy_pass takes its host from request data (${bad.map((v) => `$${v}`).join(', ')})`,
        fix: 'proxy to a fixed upstream name, or map the request value onto an allow-list first',
      });
    }
    return findings;
  },
};
