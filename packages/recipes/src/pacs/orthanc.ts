import {
  bashHttpCheck,
  postgresService,
  required,
  type ComposeService,
} from '../model/compose-service.js';
import {
  ORTHANC_DICOMWEB_ROOT,
  ORTHANC_STABLE_AGE,
  ORTHANC_WADO_ROOT,
  orthancConfig,
} from './orthanc-config.js';
import {
  CACHE_SCRIPT,
  ORTHANC_FRAME,
  ORTHANC_SERIES_METADATA,
  orthancCacheScript,
} from './orthanc-cache-script.js';
import { dicomPortMapping, pacsUpstream } from './ports.js';
import type { NativePacs, PacsModule } from './types.js';
import { processComponent } from '../model/processes.js';
import type { CoreModel } from '../model/route-model.js';

/** Orthanc's index: SQLite next to its files, or PostgreSQL in its own service. */
export type OrthancIndex = 'sqlite' | 'postgres';

const DB_SECRET = 'POSTGRES_PASSWORD';

function orthancService(model: CoreModel): ComposeService {
  const db = model.database;
  return {
    image: model.images.orthanc,
    restart: 'unless-stopped',
    environment: {
      DICOM_WEB_PLUGIN_ENABLED: 'true',
      ...(db ? { POSTGRESQL_PLUGIN_ENABLED: 'true', [db.passwordEnv]: required(DB_SECRET) } : {}),
    },
    volumes: [
      'orthanc-db:/var/lib/orthanc/db',
      './config/orthanc.json:/etc/orthanc/orthanc.json:ro',
      ...(model.dicomwebCache ? [`./${CACHE_SCRIPT.file}:${CACHE_SCRIPT.docker}:ro`] : []),
    ],
    ...dicomPortMapping(model.dicom, model.dicom.port),
    ...(db ? { depends_on: { postgres: { condition: 'service_healthy' } } } : {}),
    healthcheck: bashHttpCheck(8042, '/system'),
  };
}

const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
const POSTGRES_INDEX_PLUGIN = '/usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so';

/** Debian's Orthanc (1.10) with its DICOMweb plugin, and its PostgreSQL index plugin when used. */
function nativeOrthanc(postgres: boolean): NativePacs {
  return {
    needs: [
      { what: 'Orthanc', command: 'Orthanc', install: 'apt-get install orthanc' },
      {
        what: 'Orthanc DICOMweb plugin',
        file: DICOMWEB_PLUGIN,
        install: 'apt-get install orthanc-dicomweb',
      },
      ...(postgres
        ? [
            {
              what: 'Orthanc PostgreSQL index plugin',
              file: POSTGRES_INDEX_PLUGIN,
              install: 'apt-get install orthanc-postgresql',
            },
          ]
        : []),
    ],
    plugins: postgres ? [DICOMWEB_PLUGIN, POSTGRES_INDEX_PLUGIN] : [DICOMWEB_PLUGIN],
    servers: (model, { stateDir, configDir }) =>
      model.pacsServer.processes.map((p) => {
        const base = `http://127.0.0.1:${p.httpPort}`;
        // One log folder per process when there are several (Orthanc names its files by date).
        const logs = p.role === 'all' ? `${stateDir}/logs` : `${stateDir}/logs/${p.id}`;
        return {
          name: p.id,
          command: 'Orthanc',
          args: [`--logdir=${logs}`, `${configDir}/config/${p.configFile}`],
          logDir: logs,
          readyUrl: `${base}/system`,
          studies: { url: `${base}/statistics`, field: 'CountStudies' },
          startupMs: 60_000,
        };
      }),
  };
}

/** Orthanc's REST endpoints no browser uses (Orthanc Explorer included). */
const ORTHANC_HOST_ONLY = [
  'tools/execute-script',
  'tools/shutdown',
  'tools/reset',
  'tools/log-level*',
] as const;

export function orthancPacs(index: OrthancIndex): PacsModule {
  const postgres = index === 'postgres';
  return {
    native: nativeOrthanc(postgres),
    kind: 'orthanc',
    ...(postgres ? { database: 'postgres' as const } : {}),
    defaults: {
      pacsPath: 'pacs',
      dicomPort: 4242,
      aeTitle: 'ORTHANC',
      dicomwebCache: '2g',
      ingestTranscoding: 'jpeg-ls',
    },
    // `orthanc`: every process serving DICOMweb; `orthanc-ingest`: the ingest one, when scaled.
    upstreams: (_spec, target, server) => {
      const ports = (ingest: boolean) =>
        server.processes.filter((p) => (p.role === 'ingest') === ingest).map((p) => p.httpPort);
      const ingest = ports(true);
      return [
        pacsUpstream('orthanc', 8042, target, ports(false)),
        ...(ingest.length ? [pacsUpstream('orthanc-ingest', 8042, target, ingest)] : []),
      ];
    },
    routes: (spec) => [
      {
        id: 'pacs',
        path: spec.pacsPath,
        // Jobs, Lua and C-STORE are per process: the PACS UI shows the ingest process's.
        upstream: spec.orthancReplicas > 1 ? 'orthanc-ingest' : 'orthanc',
        upstreamPath: '/',
        uploads: true,
        access: 'admin',
        // Lua execution, shutdown, configuration reload and log levels: host operations,
        // done on the machine itself, never from a browser.
        closed: ORTHANC_HOST_ONLY,
        description: 'Orthanc Explorer and REST API (PACS administrators)',
      },
      // What OHIF needs, for every viewer user: DICOMweb (with STOW-RS uploads) and WADO-URI.
      {
        id: 'dicomweb',
        path: `${spec.pacsPath}dicom-web/`,
        upstream: 'orthanc',
        upstreamPath: ORTHANC_DICOMWEB_ROOT,
        uploads: true,
        description: 'DICOMweb: QIDO-RS, WADO-RS, STOW-RS (viewer users)',
      },
      {
        id: 'wado',
        path: `${spec.pacsPath}wado`,
        exact: true,
        upstream: 'orthanc',
        upstreamPath: ORTHANC_WADO_ROOT,
        uploads: false,
        description: 'WADO-URI (viewer users)',
      },
    ],
    dicomweb: (spec) => {
      const root = `${spec.pacsPath}dicom-web`;
      return {
        qidoRoot: root,
        wadoRoot: root,
        wadoUriRoot: `${spec.pacsPath}wado`,
        // A DICOMweb plugin without PublicRoot (before 1.8, e.g. an older image override)
        // writes bulk-data URLs at its own /dicom-web/ root; where PublicRoot is honoured no
        // URL starts so and the rewrite does nothing.
        bulkDataRewrite: {
          startsWith: `${spec.publicUrl.origin}${ORTHANC_DICOMWEB_ROOT}`,
          prefixWith: `${root}/`,
        },
      };
    },
    dataSource: {
      qidoSupportsIncludeField: false,
      supportsReject: false,
      supportsStow: true,
      dicomUploadEnabled: true,
      imageRendering: 'wadors',
      thumbnailRendering: 'wadors',
      enableStudyLazyLoad: true,
      supportsFuzzyMatching: false,
      supportsWildcard: true,
      staticWado: true,
      singlepart: 'bulkdata,video',
      omitQuotationForMultipartRequest: true,
    },
    healthGate: 'orthanc',
    volumes: postgres ? ['orthanc-db', 'orthanc-index'] : ['orthanc-db'],
    secrets: postgres
      ? [
          {
            name: DB_SECRET,
            description: "password of PostgreSQL's orthanc user (Orthanc's index)",
          },
        ]
      : [],
    services: (model) => ({
      orthanc: orthancService(model),
      ...(postgres && model.database
        ? {
            // The pinned PostgreSQL holding Orthanc's index.
            postgres: postgresService({
              image: model.images.postgres,
              db: model.database.name,
              user: model.database.user,
              passwordSecret: DB_SECRET,
              volume: 'orthanc-index',
            }),
          }
        : {}),
    }),
    // Orthanc itself is emitted apart (web replicas, ingest); PostgreSQL is a stateful service.
    ...(postgres
      ? {
          clusterPorts: (model: CoreModel) => ({
            postgres: [
              {
                name: 'postgres',
                port: 5432,
                from: model.pacsServer.processes.map(processComponent),
              },
            ],
          }),
        }
      : {}),
    cache: {
      route: 'dicomweb',
      frame: ORTHANC_FRAME,
      seriesMetadata: ORTHANC_SERIES_METADATA,
      stableAge: ORTHANC_STABLE_AGE,
      script: CACHE_SCRIPT,
    },
    files: (model) => [
      ...model.pacsServer.processes.map((p) => ({
        path: `config/${p.configFile}`,
        text: `${JSON.stringify(orthancConfig(model, p), null, 2)}\n`,
        description:
          p.role === 'all'
            ? 'Orthanc and its DICOMweb plugin'
            : p.role === 'web'
              ? 'an Orthanc web replica (DICOMweb on the shared index)'
              : 'the ingest Orthanc (DICOM port, jobs, PACS UI)',
      })),
      ...(model.dicomwebCache
        ? [
            {
              path: CACHE_SCRIPT.file,
              text: orthancCacheScript(model.dicomwebCache, ORTHANC_STABLE_AGE),
              description: "tells nginx's DICOMweb cache what changed (Orthanc Lua)",
            },
          ]
        : []),
    ],
    notes: (model) => [
      `Send studies by DIMSE C-STORE to AE ${model.dicom.aeTitle} on port ${model.dicom.port}` +
        (model.dicom.expose === 'none'
          ? ' (not published: set dicom.expose to loopback or all).'
          : model.dicom.expose === 'loopback'
            ? ' of 127.0.0.1 only.'
            : ' of this host (all interfaces).'),
      'Orthanc has no authentication of its own here: its HTTP port is reachable only through nginx.',
      ...(model.dicomwebCache
        ? [
            `nginx keeps the DICOMweb frames it serves (as stored, what OHIF asks for)${model.dicomwebCache.metadata ? ' and the metadata of stable series' : ''} on disk, up to ${model.dicomwebCache.maxSize} in ${model.dicomwebCache.dir}: a second reader of a study costs Orthanc nothing. That is patient data outside the PACS, readable by nginx's user only, served only after the same sign-in as every other route. ${model.dicomwebCache.metadata ? `A series' metadata is kept once no instance has arrived for ${ORTHANC_STABLE_AGE} s; a new instance, or a delete through the proxy, sends it to Orthanc again until the series is stable. ` : ''}A delete through the proxy (the PACS UI, or DELETE on the REST API) evicts the instances' frames at once; instances Orthanc removes by itself (recycling, scripts) stay, with their series' metadata, until unused for 30 days or pushed out by size. Turn it off with --dicomweb-cache 0 (regenerate).`,
          ]
        : []),
      ...(postgres
        ? [
            "Orthanc's index (patients, studies, series, instances) lives in PostgreSQL (volume orthanc-index); DICOM files stay in volume orthanc-db. Back up both together. PostgreSQL is reachable only inside the compose network.",
          ]
        : []),
    ],
  };
}

export const orthanc = orthancPacs('sqlite');
