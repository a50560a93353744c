import { closest } from '@ohif-recipes/viewer-config';
import type { Problem } from '../errors.js';
import type { RecipeSpec, ResolvedSpec } from './types.js';
import { optionFor } from './option-table.js';

/** Image roles a spec may override: compose service names and the Dockerfile's bases. */
export const IMAGE_ROLES = [
  'viewer',
  'nginx',
  'node',
  'orthanc',
  'postgres',
  'keycloak',
  'keycloak-db',
  'oauth2-proxy',
  'ldap',
  'db',
  'arc',
] as const;

/** nginx sizes are offsets: at most 2^63 - 1 bytes. */
const MAX_SIZE = 2n ** 63n - 1n;
const UNIT: Record<string, bigint> = { '': 1n, k: 1024n, m: 1024n ** 2n, g: 1024n ** 3n };

/**
 * What the schema cannot see: options that do nothing in this combination, published ports
 * that collide, sizes nginx would refuse, image roles that do not exist. Every problem names
 * the option and the fix; nothing is written while there is one.
 */
export function semanticProblems(spec: RecipeSpec, resolved: ResolvedSpec): Problem[] {
  const problems: Problem[] = [];
  const tls = resolved.tls.mode !== 'off';
  if (!tls && spec.httpsPort !== undefined)
    problems.push({
      path: 'httpsPort',
      message: 'does nothing without TLS',
      fix: 'add --tls (or --tls-cert/--tls-key), or drop --https-port',
    });
  // The host ports this recipe publishes: option and number.
  const published = (
    [
      ['httpPort', resolved.httpPort, true],
      ['httpsPort', resolved.httpsPort, tls],
      ['dicom.port', resolved.dicom.port, resolved.dicom.expose !== 'none'],
    ] as const
  ).filter(([, , used]) => used);
  published.forEach(([b, pb], i) => {
    for (const [a, pa] of published.slice(0, i))
      if (pa === pb)
        problems.push({
          path: b,
          message: `port ${pb} is already ${a}'s: one host port cannot publish two services`,
          fix: `choose another port for ${b}`,
        });
  });
  for (const field of ['maxUploadSize', 'dicomwebCache'] as const) {
    const size = /^(\d+)([kKmMgG]?)$/.exec(resolved[field]);
    if (
      size &&
      BigInt(size[1] as string) * (UNIT[(size[2] as string).toLowerCase()] ?? 1n) > MAX_SIZE
    )
      problems.push({
        path: field,
        message: `${resolved[field]} is more than nginx can count (2^63 - 1 bytes)`,
        fix: optionFor(field)?.fix as string,
      });
  }
  for (const role of Object.keys(resolved.images))
    if (!(IMAGE_ROLES as readonly string[]).includes(role)) {
      const guess = closest(role, IMAGE_ROLES);
      problems.push({
        path: `images.${role}`,
        message: 'is not an image role',
        fix: guess ? `did you mean "${guess}"?` : `use one of ${IMAGE_ROLES.join(', ')}`,
      });
    }
  return problems;
}
