import { nginxDcm4chee } from './nginx-dcm4chee.js';
import { nginxOrthanc } from './nginx-orthanc.js';
import { nginxOrthancKeycloak } from './nginx-orthanc-keycloak.js';
import { nginxOrthancPostgres } from './nginx-orthanc-postgres.js';
import type { Variant } from './types.js';

/** Every variant, in the order `ohif-recipes list` shows them. */
export const VARIANTS: readonly Variant[] = [
  nginxOrthanc,
  nginxOrthancPostgres,
  nginxOrthancKeycloak,
  nginxDcm4chee,
];

export function findVariant(name: string): Variant | undefined {
  return VARIANTS.find((v) => v.name === name);
}

export type { Variant } from './types.js';
