import type { Finding, Rule } from './types.js';

/** `root /;` serves /etc/passwd and every other file the workers can read. */
export const filesystemRootExposure: Rule = {
  id: 'filesystem-root-exposure',
  description: 'root or alias pointing at the filesystem root',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path } of visits) {
      if (node.directive !== 'root' && node.directive !== 'alias') continue;
      const dir = node.args[0] ?? '';
      if (dir.includes('$') || dir.replace(/\/(\.\/?)*/g, '/').replace(/\/+$/, '') !== '') continue;
      findings.push({
        rule: this.id,
        severity: 'high',
        path,
        message: `${node.directive} ${dir} maps request paths onto the whole filesystem (/etc/passwd is one request away)`,
        fix: `point ${node.directive} at the folder that holds the site's files only`,
      });
    }
    return findings;
  },
};
