import type { Directive } from '../types.js';
import { regexBypasses } from './origin-probe.js';
import { originChecks } from './origins.js';
import type { Finding, Rule, Visit } from './types.js';
import { mapKeyRegex, parts, Values, varName } from './values.js';

/** Whether a value at `at` can carry the request's Origin through without an allow-list. */
function echoesOrigin(value: string, at: Visit, values: Values, seen: Set<string>): boolean {
  return parts(value).some((p) => {
    if ('text' in p) return false;
    const name = p.variable.toLowerCase();
    if (seen.has(name)) return false;
    seen.add(name);
    if (name === 'http_origin') return !insideSafeCheck(at.ancestors);
    const map = values.mapOf(name);
    if (map) return mapEchoes(map, at, values, seen);
    return values
      .setsOf(name, at)
      .some(({ set, ancestors }) =>
        echoesOrigin(set.args[1] ?? '', { node: set, path: at.path, ancestors }, values, seen),
      );
  });
}

/** An enclosing `if ($http_origin ~ regex)` whose regex admits no attacker origin. */
function insideSafeCheck(ancestors: readonly Directive[]): boolean {
  return ancestors.some((a) =>
    originChecks(a).some(
      (c) =>
        c.header === 'origin' &&
        a.args[1]?.startsWith('!') !== true &&
        regexBypasses(c.regex, c.caseless, 'origin').length === 0,
    ),
  );
}

/** A map echoes the origin when an entry that passes it through accepts any origin. */
function mapEchoes(map: Directive, at: Visit, values: Values, seen: Set<string>): boolean {
  const onOrigin = varName(map.args[0] ?? '').toLowerCase() === 'http_origin';
  return (map.block ?? []).some((e) => {
    if (!echoesOrigin(e.args[0] ?? '', at, values, new Set(seen))) return false;
    if (!onOrigin || e.directive === 'default') return true;
    const key = mapKeyRegex(e);
    if (!key) return false;
    const wide = regexBypasses(key.regex, key.caseless, 'origin').length > 0;
    return wide || !/[A-Za-z0-9-]+\\?\.[A-Za-z]/.test(key.regex);
  });
}

/** Any origin may read responses (studies, patient names) with a wildcard or an echoed Origin. */
export const corsWildcard: Rule = {
  id: 'cors-wildcard',
  description:
    'Access-Control-Allow-Origin "*" or an echo of the request Origin without an allow-list exposes data to any site',
  check(visits) {
    const values = Values.of(visits);
    const findings: Finding[] = [];
    for (const visit of visits) {
      const { node, path } = visit;
      if (
        node.directive !== 'add_header' ||
        (node.args[0] ?? '').toLowerCase() !== 'access-control-allow-origin'
      )
        continue;
      const value = node.args[1] ?? '';
      const wildcard = value === '*';
      if (!wildcard && !echoesOrigin(value, visit, values, new Set())) continue;
      findings.push({
        rule: this.id,
        severity: 'high',
        path,
        message: wildcard
          ? 'Access-Control-Allow-Origin "*" lets any web site read these responses'
          : 'the request Origin is echoed back without an allow-list',
        fix: 'serve viewer and PACS from one origin (no CORS needed), or map $http_origin onto an allow-list of exact origins',
      });
    }
    return findings;
  },
};
