import type { PublicUrl, ResolvedSpec } from '../input/types.js';
import type { OidcUrls } from './oidc.js';
import type { Target } from './target.js';

/** A backend nginx proxies to. */
export interface Upstream {
  name: string;
  host: string;
  port: number;
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
export interface RouteModel {
  spec: ResolvedSpec;
  target: Target;
  publicUrl: PublicUrl;
  /** The app server: port and address nginx listens on, HTTPS or not. */
  listen: { port: number; address?: string; ssl: boolean };
  /** With TLS: a plain-HTTP server that only redirects to HTTPS (and answers /healthz). */
  redirectListen?: { port: number; address?: string };
  /** Where nginx finds secrets made at start (never shipped in the recipe). */
  secrets: { htpasswd?: string; certificate?: string; certificateKey?: string };
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
  /** Human-facing links for READMEs and `up` output. */
  links: Array<{ label: string; url: string }>;
}

export function routerBasename(basePath: string): string {
  return basePath === '/' ? '/' : basePath.replace(/\/$/, '');
}
