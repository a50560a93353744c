import type { CoreModel, PacsProcess } from '../model/route-model.js';
import { atLeast } from '../versions.js';

/** The orthanc.json keys the recipes set (Orthanc core + the DICOMweb plugin). */
export interface OrthancConfig {
  Name: string;
  StorageDirectory: string;
  IndexDirectory: string;
  HttpPort: number;
  DicomServerEnabled: boolean;
  DicomPort: number;
  DicomAet: string;
  RemoteAccessAllowed: boolean;
  AuthenticationEnabled: boolean;
  /** user -> password; `${VAR}` is substituted by Orthanc from its environment. */
  RegisteredUsers?: Record<string, string>;
  HttpsVerifyPeers: boolean;
  RestApiWriteToFileSystemEnabled: boolean;
  ExecuteLuaEnabled: boolean;
  DicomCheckCalledAet: boolean;
  LimitJobs: number;
  DicomAlwaysAllowStore: boolean;
  StableAge: number;
  /** Scaled out: which process this is among those sharing the index (Orthanc 1.9.2+). */
  DatabaseServerIdentifier?: string;
  /** Scaled out: only the ingest process keeps jobs across restarts. */
  SaveJobs?: boolean;
  Plugins: string[];
  /** The transfer syntax uncompressed images are stored in (JPEG-LS lossless). */
  IngestTranscoding?: string;
  /** Already-compressed images stay as received (a lossy JPEG is not decoded and re-encoded). */
  IngestTranscodingOfCompressed?: boolean;
  /** With the DICOMweb cache, on the process that stores and deletes: the script that tells nginx. */
  LuaScripts?: string[];
  DicomWeb: {
    Enable: boolean;
    Root: string;
    EnableWado: boolean;
    WadoRoot: string;
    Ssl: boolean;
    StudiesMetadata: 'Full' | 'MainDicomTags' | 'Extrapolate';
    SeriesMetadata: 'Full' | 'MainDicomTags' | 'Extrapolate';
    /** DICOMweb 1.8+: the path browsers use to reach Root, for the URLs the plugin writes. */
    PublicRoot?: string;
  };
  /** The PostgreSQL index plugin (variants with a database). */
  PostgreSQL?: {
    EnableIndex: boolean;
    EnableStorage: boolean;
    Host: string;
    Port: number;
    Database: string;
    Username: string;
    /** `${VAR}`: Orthanc (1.5+) substitutes environment variables when it reads the file. */
    Password: string;
    /** Scaled out (plugin 4.0+): no exclusive lock, a pool of connections per process. */
    Lock?: boolean;
    IndexConnectionsCount?: number;
  };
}

/** Orthanc's own paths for DICOMweb and WADO-URI, which nginx maps under the PACS prefix. */
export const ORTHANC_DICOMWEB_ROOT = '/dicom-web/';
export const ORTHANC_WADO_ROOT = '/wado';
/** JPEG-LS Lossless Image Compression: OHIF decodes it (CharLS), Orthanc's DCMTK encodes it. */
export const JPEG_LS_LOSSLESS = '1.2.840.10008.1.2.4.80';
/**
 * Seconds without a new instance before Orthanc calls a series stable: nginx caches a
 * series' metadata only then (Orthanc's default, 60, would keep a study just received
 * uncached for a minute).
 */
export const ORTHANC_STABLE_AGE = 10;
/** PublicRoot appeared in DICOMweb plugin 1.8; older plugins ignore it. */
export const PUBLIC_ROOT_SINCE = '1.8';

/**
 * One process's orthanc.json. Scaled out (Orthanc Book, "scalability"): every process has its
 * own DatabaseServerIdentifier, the index is not locked and has a pool of connections, web
 * processes neither receive DICOM nor keep jobs; the ingest process does both.
 */
export function orthancConfig(
  model: CoreModel,
  process: PacsProcess = model.pacsServer.processes[0] as PacsProcess,
): OrthancConfig {
  const { database, pacsServer: server } = model;
  const shared = process.role !== 'all';
  return {
    Name: 'ohif-recipes',
    StorageDirectory: server.storageDir,
    IndexDirectory: server.storageDir,
    HttpPort: process.httpPort,
    // Off when nobody may reach it: Orthanc 1.10 binds DICOM on every interface.
    DicomServerEnabled: model.dicom.expose !== 'none' && process.role !== 'web',
    DicomPort: model.dicom.port,
    DicomAet: model.dicom.aeTitle,
    // In docker nginx reaches Orthanc over the compose network; natively only loopback
    // clients are served (Orthanc 1.10 has no bind-address option).
    RemoteAccessAllowed: server.remoteAccess,
    // Natively, a credential only nginx holds: local users cannot bypass the proxy.
    AuthenticationEnabled: server.credential !== undefined,
    ...(server.credential
      ? { RegisteredUsers: { [server.credential.user]: `\${${server.credential.passwordEnv}}` } }
      : {}),
    // Orthanc's security guidance: no file writes or Lua through REST, verify peers,
    // answer DICOM only when called by our AE title.
    HttpsVerifyPeers: true,
    RestApiWriteToFileSystemEnabled: false,
    ExecuteLuaEnabled: false,
    DicomCheckCalledAet: true,
    LimitJobs: 10,
    DicomAlwaysAllowStore: true,
    StableAge: ORTHANC_STABLE_AGE,
    ...(shared
      ? { DatabaseServerIdentifier: process.serverId, SaveJobs: process.role === 'ingest' }
      : {}),
    Plugins: server.plugins,
    ...(model.ingestTranscoding === 'jpeg-ls'
      ? { IngestTranscoding: JPEG_LS_LOSSLESS, IngestTranscodingOfCompressed: false }
      : {}),
    ...(model.dicomwebCache && process.role !== 'web'
      ? { LuaScripts: [model.dicomwebCache.evict.script] }
      : {}),
    DicomWeb: {
      Enable: true,
      Root: ORTHANC_DICOMWEB_ROOT,
      EnableWado: true,
      WadoRoot: ORTHANC_WADO_ROOT,
      Ssl: false,
      StudiesMetadata: 'Full',
      SeriesMetadata: 'Full',
      ...(atLeast(server.versions.dicomweb, PUBLIC_ROOT_SINCE)
        ? { PublicRoot: `${model.pacsPath}dicom-web/` }
        : {}),
    },
    ...(database
      ? {
          PostgreSQL: {
            EnableIndex: true,
            // DICOM files stay on disk: PostgreSQL holds the index that queries need.
            EnableStorage: false,
            Host: database.host,
            Port: database.port,
            Database: database.name,
            Username: database.user,
            Password: `\${${database.passwordEnv}}`,
            ...(shared ? { Lock: false, IndexConnectionsCount: 5 } : {}),
          },
        }
      : {}),
  };
}
