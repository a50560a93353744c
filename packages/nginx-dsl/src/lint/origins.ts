import type { Directive } from '../types.js';
import { regexBypasses } from './origin-probe.js';
import type { Finding, Rule } from './types.js';
import { ifRegex, mapKeyRegex, varName } from './values.js';

const HEADERS: Record<string, 'origin' | 'referer'> = {
  http_origin: 'origin',
  http_referer: 'referer',
};

/** The regex checks of Origin/Referer: `if ($http_origin ~ ...)` and regex keys of a map on them. */
export function originChecks(
  node: Directive,
): Array<{ header: 'origin' | 'referer'; regex: string; caseless: boolean }> {
  const cond = ifRegex(node);
  if (cond) {
    const header = HEADERS[cond.variable.toLowerCase()];
    return header ? [{ header, regex: cond.regex, caseless: cond.op.endsWith('*') }] : [];
  }
  if (node.directive !== 'map' || !node.block) return [];
  const header = HEADERS[varName(node.args[0] ?? '').toLowerCase()];
  if (!header) return [];
  return node.block.flatMap((e) => {
    const key = mapKeyRegex(e);
    return key ? [{ header, ...key }] : [];
  });
}

/**
 * A regex meant to accept only trusted origins or referrers that also accepts an attacker's
 * (`https://example.com.evil.test`, `https://evilexample.com`, `wwwxexample.com` for an
 * unescaped dot): the CORS or frame check it guards is bypassed.
 */
export const origins: Rule = {
  id: 'origins',
  description: 'a regex validating Origin or Referer accepts an attacker-controlled domain',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path } of visits) {
      for (const check of originChecks(node)) {
        const bypasses = regexBypasses(check.regex, check.caseless, check.header);
        if (bypasses.length === 0) continue;
        findings.push({
          rule: this.id,
          severity: check.header === 'origin' ? 'high' : 'medium',
          path,
          message: `the ${check.header} check /${check.regex}/ accepts ${bypasses.slice(0, 3).join(', ')}`,
          fix: 'anchor the regex at both ends (^https://(www\\.)?example\\.com$), escape every dot, and end the host with $ (Origin) or / (Referer)',
        });
      }
    }
    return findings;
  },
};
