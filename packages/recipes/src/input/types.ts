/** Who may reach the PACS's DICOM (DIMSE) port from outside the compose network. */
export type DicomExposure = 'none' | 'loopback' | 'all';

/** What a user chooses; everything else is derived. */
export interface RecipeSpec {
  variant: string;
  /** Where browsers reach the viewer: scheme, host, optional port and sub-path (`https://pacs.example.org/ohif/`). */
  publicUrl?: string;
  /** Where the PACS (UI, REST, DICOMweb) is mounted, relative to the public URL's path: `pacs`. */
  pacsPath?: string;
  /** Host port nginx is published on (docker) or listens on (native). */
  httpPort?: number;
  /** DIMSE C-STORE port of the PACS and who may reach it. */
  dicom?: { port?: number; expose?: DicomExposure; aeTitle?: string };
  /** Largest accepted upload (STOW-RS, REST), in nginx size syntax: `500m`, `2g`, or `0` for no limit. */
  maxUploadSize?: string;
  /**
   * Disk nginx may fill with DICOMweb frames, in nginx size syntax (`2g`), or `0` for no
   * cache. Orthanc variants: deletes through the proxy evict the instances' frames.
   */
  dicomwebCache?: string;
  /**
   * `jpeg-ls`: Orthanc stores uncompressed images it receives as JPEG-LS lossless (pixels
   * unchanged, about a fifth of the bytes); `off`: as received.
   */
  ingestTranscoding?: IngestTranscoding;
  /** The @ohif/app npm version whose prebuilt dist the viewer serves. */
  ohifVersion?: string;
  /** Image overrides, by compose service name. */
  images?: Record<string, string>;
  /** `basic`: nginx basic authentication on every route; users come from OHIF_BASIC_AUTH_USERS at start. */
  auth?: 'none' | 'basic';
  /** HTTPS: `true` for a self-signed certificate made at first start, or mounted files. */
  tls?: boolean | { certificate: string; key: string };
  /** Host port of the HTTPS listener (default: the public URL's port). */
  httpsPort?: number;
  /** What `generate` writes: a docker compose recipe, or Kubernetes manifests (Kustomize). */
  target?: DeployTarget;
  /**
   * Orthanc processes serving DICOMweb on one shared PostgreSQL index; above 1, one more
   * "ingest" Orthanc owns the DICOM port, jobs and the PACS UI (Kubernetes and `up` only).
   */
  orthancReplicas?: number;
}

export type DeployTarget = 'compose' | 'kubernetes';

export type TlsMode =
  { mode: 'off' } | { mode: 'self-signed' } | { mode: 'files'; certificate: string; key: string };

/** How a PACS stores what it receives: as received, or JPEG-LS lossless (Orthanc). */
export type IngestTranscoding = 'jpeg-ls' | 'off';

/** What a PACS chooses when the spec does not. */
export interface PacsDefaults {
  pacsPath: string;
  dicomPort: number;
  aeTitle: string;
  /** The DICOMweb cache's size (`0`: none, as for a PACS that cannot tell nginx what changed). */
  dicomwebCache: string;
  ingestTranscoding: IngestTranscoding;
}

/** A spec with every default filled in and every value checked. */
export interface ResolvedSpec {
  variant: string;
  publicUrl: PublicUrl;
  pacsPath: string;
  httpPort: number;
  dicom: { port: number; expose: DicomExposure; aeTitle: string };
  maxUploadSize: string;
  dicomwebCache: string;
  ingestTranscoding: IngestTranscoding;
  ohifVersion: string;
  images: Record<string, string>;
  auth: 'none' | 'basic';
  tls: TlsMode;
  /** HTTPS port (when tls is on); httpPort then only redirects to it. */
  httpsPort: number;
  target: DeployTarget;
  orthancReplicas: number;
}

export interface PublicUrl {
  scheme: 'http' | 'https';
  host: string;
  /** The port browsers use (explicit or the scheme's default). */
  port: number;
  /** `/` or `/ohif/`: always starts and ends with a slash. */
  basePath: string;
  /** `https://host[:port]`, no trailing slash. */
  origin: string;
  /** origin + basePath. */
  href: string;
}
