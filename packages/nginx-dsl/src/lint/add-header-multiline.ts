import type { Finding, Rule } from './types.js';

/** Header values continued on a new line (obs-fold) are deprecated and refused by many clients. */
export const addHeaderMultiline: Rule = {
  id: 'add-header-multiline',
  description: 'a header value spanning several lines (obsolete line folding)',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path } of visits) {
      const values =
        node.directive === 'add_header'
          ? node.args.slice(1, 2)
          : node.directive === 'more_set_headers'
            ? node.args.filter((a) => !a.startsWith('-'))
            : [];
      if (!values.some((v) => /\n[ \t]/.test(v))) continue;
      findings.push({
        rule: this.id,
        severity: 'low',
        path,
        message:
          'the header value continues on a new line: obsolete line folding (RFC 9112), which browsers and proxies may reject or cut',
        fix: 'write the value on one line (for a long Content-Security-Policy, concatenate with variables set by map or set)',
      });
    }
    return findings;
  },
};
