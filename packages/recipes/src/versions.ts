/**
 * Pinned versions. Image tags are exact (no `latest`); the dcm4chee trio must share the
 * archive's minor version (slapd `-35.0`, postgres `-35`, arc `5.35.x`).
 */
export const DEFAULT_OHIF_VERSION = '3.13.2';

/** OHIF's source repository, for the optional source build (OHIF_SOURCE=git). */
export const OHIF_GIT_URL = 'https://github.com/OHIF/Viewers.git';

export const IMAGES = {
  /** Official nginx built to run as an unprivileged user (uid 101) on port 8080. */
  nginx: 'nginxinc/nginx-unprivileged:1.28.0-alpine',
  node: 'node:20.19.5-bookworm-slim',
  orthanc: 'orthancteam/orthanc:25.12.3',
  /** Orthanc's PostgreSQL index (the same major as dcm4chee's database image). */
  postgres: 'postgres:17.9-bookworm',
  keycloak: 'quay.io/keycloak/keycloak:26.4.2',
  oauth2Proxy: 'quay.io/oauth2-proxy/oauth2-proxy:v7.12.0',
  dcm4cheeLdap: 'dcm4che/slapd-dcm4chee:2.6.13-35.0',
  dcm4cheeDb: 'dcm4che/postgres-dcm4chee:17.9-35',
  dcm4cheeArc: 'dcm4che/dcm4chee-arc-psql:5.35.0',
} as const;

/** A declared software version, compared numerically part by part. */
export type Version = readonly number[];

export function parseVersion(v: string): Version {
  return v.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

export function atLeast(have: Version, need: string): boolean {
  const want = parseVersion(need);
  for (let i = 0; i < Math.max(have.length, want.length); i++) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** What a target's Orthanc is known to be, so version-dependent keys are emitted only where honoured. */
export interface OrthancVersions {
  orthanc: Version;
  dicomweb: Version;
}

/** orthancteam/orthanc 25.12.x bundles Orthanc 1.12.x and DICOMweb 1.2x; we rely on no more than these minimums. */
export const DOCKER_ORTHANC: OrthancVersions = {
  orthanc: parseVersion('1.12.0'),
  dicomweb: parseVersion('1.18'),
};
