import type { Finding, Rule } from './types.js';
import { children, inherited } from './walk.js';

/** Methods that never carry an upload: a location limited to them needs no body size. */
const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Routes that receive files: PACS and DICOMweb (STOW-RS) prefixes and upload endpoints. A
 * generic application route is left alone: 1 MB is often the limit its owner wants.
 */
const UPLOAD_ROUTE = /(pacs|orthanc|dicom-?web|dcm4chee|\/rs\/|stow|instances|studies|upload)/i;

/** nginx's default client_max_body_size of 1m answers 413 to any real DICOM upload. */
export const missingBodySize: Rule = {
  id: 'missing-body-size',
  description:
    'a proxied PACS, DICOMweb or upload location has no client_max_body_size (nginx defaults to 1 MB)',
  check(visits) {
    const findings: Finding[] = [];
    for (const { node, path, ancestors } of visits) {
      if (node.directive !== 'location' || children(node, 'proxy_pass').length === 0) continue;
      if (!node.args.some((a) => UPLOAD_ROUTE.test(a))) continue;
      if (inherited([...ancestors, node], 'client_max_body_size')) continue;
      const limit = children(node, 'limit_except')[0];
      if (limit && limit.args.every((m) => READ_ONLY.has(m.toUpperCase()))) continue;
      findings.push({
        rule: this.id,
        severity: 'medium',
        path,
        message:
          "this proxied route accepts uploads but inherits nginx's 1 MB body limit (uploads get 413)",
        fix: 'set client_max_body_size (e.g. 500m, or 0 for no limit) in this location or its server',
      });
    }
    return findings;
  },
};
