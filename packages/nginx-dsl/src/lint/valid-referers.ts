import type { Finding, Rule } from './types.js';

/** `none` accepts requests without a Referer: exactly what a hotlinking page can arrange. */
export const validReferers: Rule = {
  id: 'valid-referers',
  description: 'valid_referers none trusts requests that carry no Referer',
  check(visits) {
    return visits
      .filter(({ node }) => node.directive === 'valid_referers' && node.args.includes('none'))
      .map(({ path }): Finding => ({
        rule: this.id,
        severity: 'high',
        path,
        message:
          'valid_referers none: a request without a Referer passes ($invalid_referer is empty), and any page can send one with Referrer-Policy: no-referrer',
        fix: 'remove "none" (and "blocked") from valid_referers',
      }));
  },
};
