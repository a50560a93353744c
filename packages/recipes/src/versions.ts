/**
 * Pinned versions. Image tags are exact (no `latest`); the dcm4chee trio must share the
 * archive's minor version (slapd `-35.x`, postgres `-35`, arc `5.35.x`).
 */
export const DEFAULT_OHIF_VERSION = '3.13.2';

/** OHIF's source repository, for the optional source build (OHIF_SOURCE=git). */
export const OHIF_GIT_URL = 'https://github.com/OHIF/Viewers.git';

/** A pinned image and where its tag (and the contract the recipes rely on) was checked. */
export interface ImagePin {
  image: string;
  /** The upstream material the tag was checked against, and what it says. */
  source: string;
  /**
   * The container tests run a stand-in built from Debian packages under this name
   * (packages/testing/containers/<role>/, with its contract); absent: this image is verified statically.
   */
  standIn?: true;
}

/**
 * Every pinned image, with its source. Re-check each against its source before a release;
 * the container tests build stand-ins under these exact names (packages/testing/containers/).
 */
export const IMAGE_PINS = {
  nginx: {
    // Debian flavour: Dockerfile steps use apt-get; the image has curl (health checks), not wget.
    image: 'nginxinc/nginx-unprivileged:1.30.3',
    source:
      'nginx/docker-nginx-unprivileged README and Dockerfile-debian.template (uid 101, port 8080, pid /tmp/nginx.pid, temp paths in /tmp, curl installed); 1.30.3 fixed CVE-2026-42055 and CVE-2026-48142 (issue #15)',
    standIn: true,
  },
  node: {
    // Node.js 20 reached its end of life in April 2026; 24 is LTS until April 2028.
    image: 'node:24.19.0-bookworm-slim',
    source:
      'nodejs/docker-node versions.json: 24 LTS (end 2028-04-30), 24/bookworm-slim NODE_VERSION=24.19.0',
    standIn: true,
  },
  orthanc: {
    image: 'orthancteam/orthanc:26.8.1',
    source:
      'orthanc-server/orthanc-builder release-notes-docker-images.md: 26.8.1 = Orthanc 1.13.0, DICOMweb 1.24, PostgreSQL 10.3; docker/orthanc/docker-entrypoint.sh and generateConfiguration.py for the /etc/orthanc/*.json contract',
    standIn: true,
  },
  postgres: {
    image: 'postgres:17.9-bookworm',
    source:
      'docker-library/postgres versions.json: 17 = 17.9 (bookworm), PGDATA /var/lib/postgresql/data',
    standIn: true,
  },
  keycloak: {
    image: 'quay.io/keycloak/keycloak:26.6.4',
    source:
      'Keycloak release announcements: 26.4.7 fixed CVE-2025-13467; 26.6.4 is the newest 26.x release found in the published material',
  },
  oauth2Proxy: {
    image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.15.5',
    source:
      'oauth2-proxy CHANGELOG and manifests release oauth2-proxy-10.7.1 (bumps the image to v7.15.5)',
  },
  dcm4cheeLdap: {
    image: 'dcm4che/slapd-dcm4chee:2.6.13-35.0',
    source:
      'dcm4che-dockerfiles/slapd-dcm4chee: slapd 2.6.13 for archive 5.35; README: ARCHIVE_HOST, DICOM_PORT, AE_TITLE, STORAGE_DIR; data in /var/lib/openldap/openldap-data, config in /etc/openldap/slapd.d',
  },
  dcm4cheeDb: {
    image: 'dcm4che/postgres-dcm4chee:18.3-35',
    source:
      'the dcm4chee-arc 5.35 reference compose (postgres-dcm4chee:18.3-35); docker-library/postgres 18: PGDATA /var/lib/postgresql/18/docker under VOLUME /var/lib/postgresql',
  },
  dcm4cheeArc: {
    image: 'dcm4che/dcm4chee-arc-psql:5.35.0',
    source: 'dcm4che-dockerfiles/dcm4chee-arc-psql: version 5.35.0 on dcm4che/wildfly',
  },
} as const satisfies Record<string, ImagePin>;

/** The pinned image references, by role. */
export const IMAGES = Object.fromEntries(
  Object.entries(IMAGE_PINS).map(([k, v]) => [k, v.image]),
) as { readonly [K in keyof typeof IMAGE_PINS]: (typeof IMAGE_PINS)[K]['image'] };

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

/** orthancteam/orthanc 26.8.1 bundles Orthanc 1.13.0 and DICOMweb 1.24; we rely on no more than these minimums. */
export const DOCKER_ORTHANC: OrthancVersions = {
  orthanc: parseVersion('1.12.0'),
  dicomweb: parseVersion('1.18'),
};
