import { bashHttpCheck, pgIsReadyCheck, required } from '../model/compose-service.js';
import { dicomPortMapping, pacsUpstream } from './ports.js';
import type { PacsModule } from './types.js';
import type { CoreModel } from '../model/route-model.js';

const AET = 'DCM4CHEE';
const ARC_DICOM_PORT = 11112;

/** Where DICOM peers reach the archive: as published, or inside the compose network only. */
function archiveHost(model: CoreModel): string {
  const { expose } = model.dicom;
  return expose === 'all' ? model.publicUrl.host : expose === 'loopback' ? '127.0.0.1' : 'arc';
}

export const dcm4chee: PacsModule = {
  kind: 'dcm4chee',
  // No DICOMweb cache: the archive has no hook to tell nginx what changed. Its
  // compression rules are the archive's own configuration, not the recipe's.
  defaults: {
    pacsPath: 'pacs',
    dicomPort: ARC_DICOM_PORT,
    aeTitle: AET,
    dicomwebCache: '0',
    ingestTranscoding: 'off',
  },
  upstreams: (_spec, target) => [pacsUpstream('arc', 8080, target, [])],
  routes: (spec) => [
    {
      id: 'arc-ui',
      path: spec.pacsPath,
      upstream: 'arc',
      upstreamPath: '/dcm4chee-arc/ui2/',
      uploads: false,
      description: 'dcm4chee archive UI',
    },
    {
      id: 'arc',
      path: `${spec.publicUrl.basePath}dcm4chee-arc/`,
      upstream: 'arc',
      upstreamPath: '/dcm4chee-arc/',
      uploads: true,
      description: 'dcm4chee REST and DICOMweb (aets/DCM4CHEE/rs), WADO-URI (aets/DCM4CHEE/wado)',
    },
  ],
  dicomweb: (spec) => {
    const aet = `${spec.publicUrl.basePath}dcm4chee-arc/aets/${spec.dicom.aeTitle}`;
    return { qidoRoot: `${aet}/rs`, wadoRoot: `${aet}/rs`, wadoUriRoot: `${aet}/wado` };
  },
  dataSource: {
    qidoSupportsIncludeField: true,
    supportsReject: true,
    supportsStow: true,
    dicomUploadEnabled: true,
    imageRendering: 'wadors',
    thumbnailRendering: 'wadors',
    enableStudyLazyLoad: true,
    supportsFuzzyMatching: true,
    supportsWildcard: true,
    omitQuotationForMultipartRequest: true,
  },
  healthGate: 'arc',
  volumes: ['ldap-data', 'ldap-config', 'db-data', 'arc-storage', 'arc-wildfly'],
  secrets: [
    { name: 'POSTGRES_PASSWORD', description: 'password of the archive database user' },
    { name: 'LDAP_ROOTPASS', description: 'password of the LDAP root DN (archive configuration)' },
    { name: 'LDAP_CONFIGPASS', description: 'password of the LDAP cn=config admin' },
  ],
  services: (model) => {
    const images = model.images;
    const db = {
      POSTGRES_DB: 'pacsdb',
      POSTGRES_USER: 'pacs',
      POSTGRES_PASSWORD: required('POSTGRES_PASSWORD'),
    };
    return {
      ldap: {
        image: images.ldap,
        restart: 'unless-stopped',
        environment: {
          LDAP_ROOTPASS: required('LDAP_ROOTPASS'),
          LDAP_CONFIGPASS: required('LDAP_CONFIGPASS'),
          ARCHIVE_DEVICE_NAME: 'dcm4chee-arc',
          AE_TITLE: model.dicom.aeTitle,
          // The host name other applications use to reach the archive's DICOM port (slapd-dcm4chee
          // reads ARCHIVE_HOST; the archive itself binds every interface).
          ARCHIVE_HOST: archiveHost(model),
          DICOM_PORT: String(ARC_DICOM_PORT),
          STORAGE_DIR: '/storage/fs1',
        },
        // slapd-dcm4chee 2.6 keeps data and config here (2.4 used /var/lib/ldap and /etc/ldap/slapd.d).
        volumes: ['ldap-data:/var/lib/openldap/openldap-data', 'ldap-config:/etc/openldap/slapd.d'],
        healthcheck: {
          test: [
            'CMD-SHELL',
            "ldapsearch -x -H ldap://localhost:389 -b '' -s base namingContexts > /dev/null",
          ],
          interval: '10s',
          timeout: '5s',
          retries: 10,
          start_period: '20s',
        },
      },
      db: {
        image: images.db,
        restart: 'unless-stopped',
        environment: db,
        // PostgreSQL 18 images keep PGDATA in /var/lib/postgresql/18/docker: mount the parent.
        volumes: ['db-data:/var/lib/postgresql'],
        healthcheck: pgIsReadyCheck('pacs', 'pacsdb'),
      },
      arc: {
        image: images.arc,
        restart: 'unless-stopped',
        environment: {
          ...db,
          POSTGRES_HOST: 'db',
          LDAP_URL: 'ldap://ldap:389',
          LDAP_ROOTPASS: required('LDAP_ROOTPASS'),
          WILDFLY_CHOWN: '/storage',
          WILDFLY_WAIT_FOR: 'ldap:389 db:5432',
          // Trust X-Forwarded-* from nginx so the archive builds URLs for the public host.
          HTTP_PROXY_ADDRESS_FORWARDING: 'true',
        },
        volumes: ['arc-storage:/storage', 'arc-wildfly:/opt/wildfly/standalone'],
        ...dicomPortMapping(model.dicom, ARC_DICOM_PORT),
        depends_on: {
          ldap: { condition: 'service_healthy' },
          db: { condition: 'service_healthy' },
        },
        healthcheck: bashHttpCheck(8080, '/dcm4chee-arc/ui2/', '120s'),
      },
    };
  },
  clusterPorts: (model) => ({
    ldap: [{ name: 'ldap', port: 389, from: ['arc'] }],
    db: [{ name: 'postgres', port: 5432, from: ['arc'] }],
    arc: [
      { name: 'http', port: 8080, from: ['viewer'] },
      ...(model.dicom.expose !== 'none' ? [{ name: 'dicom', port: ARC_DICOM_PORT }] : []),
    ],
  }),
  files: () => [],
  notes: (model) => [
    `Send studies by DIMSE C-STORE to AE ${model.dicom.aeTitle} on port ${model.dicom.port}` +
      (model.dicom.expose === 'none'
        ? ' (not published).'
        : model.dicom.expose === 'loopback'
          ? ' of 127.0.0.1 only.'
          : ' of this host.'),
    'LDAP (389), PostgreSQL (5432) and the WildFly console (9990) stay inside the compose network.',
    'The archive UI calls /dcm4chee-arc/ at the host root: under a sub-path public URL, open it through that route.',
  ],
};
