import type { Finding, Rule } from './types.js';

const WEAK = /^(SSLv2|SSLv3|TLSv1|TLSv1\.1)$/;

/** SSLv3, TLS 1.0 and 1.1 are broken or deprecated (RFC 8996). */
export const weakSslTls: Rule = {
  id: 'weak-ssl-tls',
  description: 'ssl_protocols enabling SSLv3, TLS 1.0 or TLS 1.1',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path } of visits) {
      if (node.directive !== 'ssl_protocols') continue;
      const weak = node.args.filter((a) => WEAK.test(a));
      if (weak.length === 0) continue;
      findings.push({
        rule: this.id,
        severity: 'high',
        path,
        message: `ssl_protocols enables ${weak.join(', ')}, deprecated and attackable (RFC 8996)`,
        fix: 'ssl_protocols TLSv1.2 TLSv1.3;',
      });
    }
    return findings;
  },
};
