import type { Config } from '../types.js';
import { addHeaderContentType } from './add-header-content-type.js';
import { addHeaderMultiline } from './add-header-multiline.js';
import { addHeaderRedefinition } from './add-header-redefinition.js';
import { aliasTraversal } from './alias-traversal.js';
import { allowWithoutDeny } from './allow-without-deny.js';
import { corsWildcard } from './cors-wildcard.js';
import { filesystemRootExposure } from './filesystem-root-exposure.js';
import { headerSplitting } from './header-splitting.js';
import { hostSpoofing } from './host-spoofing.js';
import { ifInLocation } from './if-in-location.js';
import { missingBodySize } from './missing-body-size.js';
import { origins } from './origins.js';
import { proxySetHeaderRedefinition } from './proxy-set-header-redefinition.js';
import { resolverExternal } from './resolver-external.js';
import { returnBypassesAllowDeny } from './return-bypasses-allow-deny.js';
import { serverTokens } from './server-tokens.js';
import { ssrfProxyPass } from './ssrf-proxy-pass.js';
import { statusPageExposed } from './status-page-exposed.js';
import type { Finding, Rule } from './types.js';
import { validReferers } from './valid-referers.js';
import { visitAll } from './walk.js';
import { weakSslTls } from './weak-ssl-tls.js';

export const RULES: readonly Rule[] = [
  addHeaderRedefinition,
  aliasTraversal,
  headerSplitting,
  ssrfProxyPass,
  ifInLocation,
  serverTokens,
  corsWildcard,
  missingBodySize,
  addHeaderMultiline,
  addHeaderContentType,
  allowWithoutDeny,
  hostSpoofing,
  origins,
  resolverExternal,
  validReferers,
  returnBypassesAllowDeny,
  proxySetHeaderRedefinition,
  statusPageExposed,
  filesystemRootExposure,
  weakSslTls,
];

export interface LintOptions {
  /** Rule ids to skip for this call. */
  disable?: readonly string[];
}

/** Security and correctness findings, in document order, then by rule id. */
export function lint(config: Config, options: LintOptions = {}): Finding[] {
  const visits = visitAll(config);
  const order = new Map(visits.map((v, i) => [v.path, i]));
  const disabled = new Set(options.disable ?? []);
  const rank = (f: Finding): number => order.get(f.path) ?? -1;
  return RULES.filter((r) => !disabled.has(r.id))
    .flatMap((r) => r.check(visits, config))
    .sort((a, b) => rank(a) - rank(b) || a.rule.localeCompare(b.rule));
}

export { atLeast, SEVERITIES, type Finding, type Rule, type Severity } from './types.js';
