import type { Directive } from '../types.js';
import type { Finding, Rule } from './types.js';
import { parts, Values, type ReadAs } from './values.js';

const REDIRECT = /^(https?:\/\/|\$scheme)/;

/** The values of a directive that reach a response header, a redirect or the upstream request. */
function sinks(d: Directive): { values: string[]; readAs: ReadAs; what: string } | undefined {
  const raw: ReadAs = { escapesCaptures: false };
  const [a0 = '', a1 = '', a2 = ''] = d.args;
  switch (d.directive) {
    case 'add_header':
      return { values: [a0, a1], readAs: raw, what: 'a response header' };
    case 'more_set_headers':
      return {
        values: d.args.filter((a) => !a.startsWith('-')),
        readAs: raw,
        what: 'a response header',
      };
    case 'proxy_set_header':
      return { values: [a1], readAs: raw, what: 'a header sent upstream' };
    case 'proxy_pass':
      return { values: [a0], readAs: raw, what: 'the request line sent upstream' };
    case 'return':
      if (d.args.length === 1 && REDIRECT.test(a0))
        return { values: [a0], readAs: raw, what: 'a redirect' };
      return /^30[12378]$/.test(a0) ? { values: [a1], readAs: raw, what: 'a redirect' } : undefined;
    case 'rewrite':
      // Internal rewrites change $uri only; a redirect writes the Location header.
      if (a2 === 'redirect' || a2 === 'permanent' || REDIRECT.test(a1))
        return { values: [a1], readAs: { escapesCaptures: true }, what: 'a redirect' };
      return undefined;
    default:
      return undefined;
  }
}

/**
 * A value that can hold a line feed written into a header splits it (CRLF injection): the
 * client adds headers or a body. `$uri` is decoded (%0d%0a arrives intact); so is a capture
 * of it by a group that can match a line feed. nginx URL-escapes numbered captures that
 * `set` and `rewrite` copy, but not named captures nor `$uri`.
 */
export const headerSplitting: Rule = {
  id: 'header-splitting',
  description:
    'a header, redirect or upstream request line built from a value that can hold CR/LF allows response or request splitting',
  check(visits) {
    const values = Values.of(visits);
    const findings: Finding[] = [];
    for (const visit of visits) {
      const sink = sinks(visit.node);
      if (!sink) continue;
      const bad = new Set<string>();
      for (const value of sink.values) {
        for (const p of parts(value)) {
          if ('text' in p) continue;
          const t = values.variable(p.variable, visit, new Set(), sink.readAs);
          if (t.newline) for (const s of t.sources) bad.add(s);
        }
      }
      if (bad.size === 0) continue;
      const decoded = [...bad].join(', ');
      findings.push({
        rule: this.id,
        severity: 'high',
        path: visit.path,
        message: `${sink.what} is built from a value that can hold CR/LF (from ${decoded}, decoded from %0d%0a)`,
        fix: 'use $request_uri (still URL-encoded) instead of $uri, or capture with a class that excludes line breaks, such as ([^\\r\\n]*)',
      });
    }
    return findings;
  },
};
