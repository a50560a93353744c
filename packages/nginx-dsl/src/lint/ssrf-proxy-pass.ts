import type { Finding, Rule } from './types.js';
import { children } from './walk.js';
import type { Visit } from './types.js';
import { parts, type Taint, Values } from './values.js';

const PASS = new Set(['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass']);

/**
 * The variables that decide where nginx connects: the scheme and host[:port] of the
 * address, up to the first "/", "?" or a variable that always starts with "/".
 */
function hostTaints(address: string, visit: Visit, values: Values): Taint[] {
  const out: Taint[] = [];
  for (const p of parts(address)) {
    if ('text' in p) {
      const rest = p.text.includes('://') ? p.text.slice(p.text.indexOf('://') + 3) : p.text;
      if (/[/?#]/.test(rest)) break;
      continue;
    }
    const t = values.variable(p.variable, visit);
    if (t.slashFirst) break;
    out.push(t);
  }
  return out;
}

export const ssrfProxyPass: Rule = {
  id: 'ssrf-proxy-pass',
  description:
    'proxy_pass (or grpc/fastcgi/uwsgi/scgi_pass) to a host taken from the request lets a client reach internal services',
  check(visits) {
    const values = Values.of(visits);
    const findings: Finding[] = [];
    for (const visit of visits) {
      const { node, path, ancestors } = visit;
      if (!PASS.has(node.directive)) continue;
      // Only an internal redirect (X-Accel-Redirect, error_page) reaches an internal location.
      if (ancestors.some((a) => a.directive === 'location' && children(a, 'internal').length > 0))
        continue;
      const bad = hostTaints(node.args[0] ?? '', visit, values).filter((t) => t.user);
      if (bad.length === 0) continue;
      const sources = [...new Set(bad.flatMap((t) => t.sources))].join(', ');
      findings.push({
        rule: this.id,
        severity: 'high',
        path,
        message: `${node.directive} takes its host from request data (${sources})`,
        fix: 'proxy to a fixed upstream name, or map the request value onto an allow-list of constant hosts first',
      });
    }
    return findings;
  },
};
