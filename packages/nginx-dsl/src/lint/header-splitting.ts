import type { Directive } from '../types.js';
import type { Finding, Rule } from './types.js';
import { variablesIn } from './walk.js';

/** Variables holding the decoded URI, which can contain CR/LF from %0d%0a. */
const DECODED = new Set(['uri', 'document_uri']);

/** Regex parts that can match a line break, so a capture of them can carry CR/LF. */
const MATCHES_NEWLINE = /(^|[^\\])(\.|\[\^|\\s)/;

function captureRegex(ancestors: readonly Directive[], node: Directive): string | undefined {
  if (node.directive === 'rewrite') return node.args[0];
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i] as Directive;
    if (a.directive === 'location' && (a.args[0] === '~' || a.args[0] === '~*')) return a.args[1];
  }
  return undefined;
}

const SINKS: Record<string, (d: Directive) => string[]> = {
  add_header: (d) => d.args.slice(0, 2),
  proxy_set_header: (d) => d.args.slice(1, 2),
  return: (d) => (/^30[1278]$/.test(d.args[0] ?? '') ? d.args.slice(1, 2) : []),
  rewrite: (d) => d.args.slice(1, 2),
};

export const headerSplitting: Rule = {
  id: 'header-splitting',
  description:
    'a header or redirect built from a variable that can hold CR/LF allows response splitting',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path, ancestors } of visits) {
      const sink = SINKS[node.directive];
      if (!sink) continue;
      for (const value of sink(node)) {
        for (const v of variablesIn(value)) {
          const regex = /^[1-9]$/.test(v) ? captureRegex(ancestors, node) : undefined;
          const risky = DECODED.has(v) || (regex !== undefined && MATCHES_NEWLINE.test(regex));
          if (!risky) continue;
          findings.push({
            rule: this.id,
            severity: 'high',
            path,
            message: `"$${v}" can contain CR/LF (decoded from %0d%0a) and is written into a header or redirect`,
            fix: DECODED.has(v)
              ? 'use $request_uri (still URL-encoded) instead'
              : 'capture with a class that excludes line breaks, such as ([^\\r\\n]*)',
          });
        }
      }
    }
    return findings;
  },
};
