import type { IMAGE_ROLES } from '../input/semantics.js';
import type {
  DicomExposure,
  IngestTranscoding,
  PublicUrl,
  RecipeSpec,
  TlsMode,
} from '../input/types.js';
import type { OrthancVersions } from '../versions.js';
import type { DicomWebConfiguration } from '@ohif-recipes/viewer-config';
import type { ComposeService } from './compose-service.js';
import type { GeneratedFile } from './generated-file.js';
import type { OidcUrls } from './oidc.js';

/** A named upstream and its servers (several: nginx balances and fails over between them). */
export interface Upstream {
  name: string;
  servers: Array<{ host: string; port: number }>;
}

/** One public path prefix proxied to a backend. */
export interface ProxyRoute {
  id: string;
  /** Public path prefix, starting and ending with "/". */
  path: string;
  upstream: string;
  /** Path on the backend that `path` maps to, ending with "/". */
  upstreamPath: string;
  /** Accepts uploads (STOW-RS, REST): large bodies, streamed to the backend. */
  uploads: boolean;
  description: string;
  /** Who may use it when users sign in: every viewer user (default), or PACS administrators. */
  access?: 'viewer' | 'admin';
  /** Matches `path` exactly (an endpoint such as WADO-URI), not as a prefix. */
  exact?: boolean;
  /**
   * Backend endpoints under `path` that no browser needs and nobody gets through the proxy
   * (`tools/execute-script`); a trailing `*` closes every name starting so.
   */
  closed?: readonly string[];
}

/**
 * nginx's cache of DICOMweb answers that the PACS tells it about.
 *
 * A frame, addressed by its instance's UIDs and its number, never changes; it stops existing
 * when the instance is deleted, and then the PACS asks nginx (the evict listener) to fetch
 * each of the instance's frames again, which replaces the cached answer with the PACS's 404.
 *
 * A series' metadata changes while instances arrive. Before a new instance is stored, or a
 * delete runs, the PACS marks the series changing (a file in `metadata.changingDir`, written
 * through the listener), and its metadata bypasses the cache; once the series is stable again
 * the PACS expires the cached answer and removes the mark, so the next reader's is kept.
 */
export interface DicomwebCache {
  /** Where nginx keeps the answers (created by nginx, readable by its workers only). */
  dir: string;
  /** Bound on its disk use, in nginx size syntax. */
  maxSize: string;
  /** The route whose answers are cached. */
  route: string;
  /** One frame's path after the route's path, as a regex (no captures). */
  frame: string;
  /** The request's Accept for which frames are cached: frames as stored (what OHIF asks). */
  accept: string;
  /**
   * Series metadata, cached while the series is stable (absent when instances arrive at
   * several PACS processes: each knows only of its own).
   */
  metadata?: SeriesMetadataCache;
  /** Answers kept apart by encoding: the PACS compresses for clients that accept gzip. */
  encodings: readonly string[];
  /** Where the PACS tells nginx: its listener, and its URL as the PACS reaches it. */
  evict: {
    listen: { port: number; address?: string };
    /**
     * Path prefix of its requests ("/" or "/TOKEN/"), then ENCODING/FRAME-PATH (evict a
     * frame), expire/ENCODING/METADATA-PATH (expire metadata) or changing/SERIES-UID (PUT,
     * GET or DELETE a series' mark).
     */
    prefix: string;
    url: string;
    /** Where the PACS reads the script that sends them. */
    script: string;
  };
}

/** How series metadata is cached: see `DicomwebCache`. */
export interface SeriesMetadataCache {
  /** One series' metadata path after the route's path, as a regex (no captures). */
  path: string;
  /** The request's Accept for which it is cached (what OHIF asks). */
  accept: string;
  /**
   * The Host the PACS is told, whatever the browser's: the public URL's. The PACS writes it
   * into bulk-data URLs, and one cached answer serves every reader.
   */
  host: string;
  /** The marks of changing series: one file per series UID, holding when it changed. */
  changingDir: string;
  /**
   * Answers that took nginx longer than this many seconds are not kept: a reader's request
   * that began before a change must end before the series is stable again.
   */
  within: number;
}

/** The PACS's index database, as the PACS reaches it; the password comes from `passwordEnv` at start. */
export interface DatabaseEndpoint {
  engine: 'postgres';
  host: string;
  port: number;
  name: string;
  user: string;
  /** Environment variable holding the password (never written into a shipped file). */
  passwordEnv: string;
}

/** The browser-facing DICOMweb roots (what the OHIF data source uses). */
export interface DicomWebRoots {
  qidoRoot: string;
  wadoRoot: string;
  wadoUriRoot?: string;
  /** Rewrite for BulkDataURIs a PACS builds without the proxy prefix (old Orthanc). */
  bulkDataRewrite?: { startsWith: string; prefixWith: string };
}

/**
 * Where everything lives, derived once from the spec and the target. Every emitted file
 * reads its paths and hosts from here, so they cannot disagree.
 */
export interface RouteModel extends ComponentOutputs {
  /** The variant's name. */
  variant: string;
  /** What synth writes: the whole recipe (docker), or the configuration the native runner uses. */
  outputs: 'recipe' | 'configuration';
  /** The fewest `generate` flags that reproduce this recipe (for the README). */
  regenerate: string[];
  /** The whole resolved input, every option explicit (the recipe's spec file). */
  input: RecipeSpec;
  publicUrl: PublicUrl;
  /** The PACS mount point under the public URL: `/pacs/`, `/ohif/pacs/`. */
  pacsPath: string;
  /** The @ohif/app release whose prebuilt dist is served. */
  ohifVersion: string;
  /** Every image the recipe uses, by role: the pinned defaults with the user's overrides. */
  images: Record<ImageRole, string>;
  /** Host ports: where nginx is published (docker) or listens (native); `https` with TLS only. */
  ports: { http: number; https: number };
  auth: 'none' | 'basic';
  tls: TlsMode;
  /** client_max_body_size of the upload routes (`0`: no limit). */
  maxUploadSize: string;
  /** How the PACS stores uncompressed images it receives. */
  ingestTranscoding: IngestTranscoding;
  /** The PACS's DIMSE port (the same number inside and outside a container) and who may reach it. */
  dicom: { port: number; expose: DicomExposure; aeTitle: string };
  /** Where nginx keeps its pid, logs and temp files, and what it loads. */
  nginxRuntime: NginxRuntime;
  /** How the PACS server process runs: its HTTP port, storage, plugins and versions. */
  pacsServer: PacsServer;
  /** The app server: port and address nginx listens on, HTTPS or not. */
  listen: { port: number; address?: string; ssl: boolean };
  /** With TLS: a plain-HTTP server that only redirects to HTTPS (and answers /healthz). */
  redirectListen?: { port: number; address?: string };
  /** Where nginx finds secrets made at start (never shipped in the recipe). */
  secrets: {
    /** Every user (viewers and administrators). */
    htpasswd?: string;
    /** PACS administrators only: the PACS UI and its write API. */
    adminHtpasswd?: string;
    certificate?: string;
    certificateKey?: string;
  };
  /** A plain-HTTP URL (inside the container for docker) that answers 200 once nginx serves. */
  healthUrl: string;
  /** Host address the viewer's ports are published on (all interfaces when absent). */
  publishAddress?: string;
  /** Named volumes of the viewer container (owned by its unprivileged user). */
  viewerVolumes: Array<{ name: string; path: string }>;
  viewer: {
    /** `/` or `/ohif/`. */
    basePath: string;
    /** OHIF routerBasename: the base path without its trailing slash (or `/`). */
    routerBasename: string;
    /** nginx `root`: the viewer's files live at webRoot + basePath. */
    webRoot: string;
    /** File name of the app config inside the recipe's config/ folder. */
    appConfigName: string;
  };
  upstreams: Upstream[];
  routes: ProxyRoute[];
  database?: DatabaseEndpoint;
  /** With an OIDC gate: everything the gate's files and nginx's auth_request need. */
  gate?: { urls: OidcUrls };
  dicomweb: DicomWebRoots;
  /** Absent: no DICOMweb cache (`--dicomweb-cache 0`, a PACS that cannot tell it, or Kubernetes). */
  dicomwebCache?: DicomwebCache;
  /** Human-facing links for READMEs and `up` output. */
  links: Array<{ label: string; url: string }>;
}

/** Images by role: compose service names, plus the Dockerfile's `nginx` and `node` bases. */
export type ImageRole = (typeof IMAGE_ROLES)[number];

/** nginx's process files, by target: /tmp and the image's log links in a container, the state dir natively. */
export interface NginxRuntime {
  pid: string;
  errorLog: string;
  accessLog: string;
  mimeTypes: string;
  /** Folders for client_body, proxy, fastcgi, uwsgi and scgi temp files. */
  tempPaths: Record<string, string>;
  /** Dynamic modules to load (Debian's brotli_static, natively). */
  loadModules: string[];
  /** `user [group]` of the workers when the runner is root. */
  workerUser?: string[];
  /** Serve precompressed .br files. */
  brotliStatic: boolean;
}

/**
 * One PACS server process. A single Orthanc does everything (`all`); scaled out on a shared
 * PostgreSQL index, `web` processes serve DICOMweb and one `ingest` process owns the DICOM
 * port, jobs, Lua and the PACS UI (Orthanc keeps those per process).
 */
export interface PacsProcess {
  /** Its name: the compose/Kubernetes service, the native server and log. */
  id: string;
  role: 'all' | 'web' | 'ingest';
  httpPort: number;
  /** Orthanc's DatabaseServerIdentifier: distinct per process writing one index. */
  serverId: string;
  /** Its configuration file in the recipe. */
  configFile: string;
}

/** The PACS server's own process settings (read by its configuration emitter). */
export interface PacsServer {
  /** Every process; several only when scaled out (`replicas` web processes and one ingest). */
  processes: PacsProcess[];
  /** Web processes: 1 (one Orthanc does everything) or more. */
  replicas: number;
  storageDir: string;
  /** Accept HTTP clients that are not on loopback (the compose network). */
  remoteAccess: boolean;
  plugins: string[];
  versions: OrthancVersions;
  /**
   * The PACS's own authentication, a credential only nginx holds (native: Orthanc cannot
   * bind loopback alone, so any local user could reach it otherwise). The password comes
   * from `passwordEnv` at start; nginx includes `authorizationInclude` (made at start) in
   * every PACS location to send it upstream.
   */
  credential?: { user: string; passwordEnv: string; authorizationInclude: string };
}

/** A secret the recipe needs; it lives in `.env`, never in a shipped file. */
export interface Secret {
  name: string;
  description: string;
}

/** What the variant's components (PACS, gate) contribute, gathered by derivation. */
export interface ComponentOutputs {
  /** One line about the variant, for READMEs and `list`. */
  description: string;
  /** The gate in front of every route, described for the README (absent: none). */
  gateDescription?: string;
  /** Compose services besides the viewer, keyed by name. */
  services: Record<string, ComposeService>;
  /** Named volumes the services use. */
  volumes: string[];
  /** What the viewer service waits for before it starts. */
  viewerDependsOn: Record<string, 'service_started' | 'service_healthy'>;
  /** Secrets the services take from .env. */
  secretsNeeded: Secret[];
  /** README lines about the PACS and the gate. */
  notes: string[];
  /** The OHIF data source: its name and the options this PACS needs besides the roots. */
  dataSource: {
    name: string;
    options: Omit<DicomWebConfiguration, 'name' | 'qidoRoot' | 'wadoRoot' | 'wadoUriRoot'>;
  };
  /** The components' own configuration files (orthanc.json, the Keycloak realm). */
  files: GeneratedFile[];
  /** Stateful services by compose name, with the ports they listen on in a cluster. */
  clusterPorts: Record<string, ClusterPort[]>;
}

/** A port a service listens on in a cluster; `from`: the components allowed (absent: any). */
export interface ClusterPort {
  name: string;
  port: number;
  from?: string[];
}

/** The model the components read: everything but what they contribute themselves. */
export type CoreModel = Omit<RouteModel, keyof ComponentOutputs>;

export function routerBasename(basePath: string): string {
  return basePath === '/' ? '/' : basePath.replace(/\/$/, '');
}
