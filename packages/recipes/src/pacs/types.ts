import type { DicomWebConfiguration } from '@ohif-recipes/viewer-config';
import type { ComposeService } from '../model/compose-service.js';
import type { GeneratedFile } from '../model/generated-file.js';
import type {
  ClusterPort,
  CoreModel,
  DicomWebRoots,
  PacsServer,
  ProxyRoute,
  Secret,
  Upstream,
} from '../model/route-model.js';
import type { Target } from '../model/target.js';
import type { PacsDefaults, ResolvedSpec } from '../input/types.js';

export type { Secret };

/**
 * What a PACS contributes to a recipe, as data: its routes, browser-facing roots, services,
 * secrets, configuration files and notes. Derivation is the only caller.
 */
export interface PacsModule {
  kind: string;
  /** A database service the PACS keeps its index in (besides its own storage). */
  database?: 'postgres';
  defaults: PacsDefaults;
  /** Its HTTP upstreams for nginx, given where its processes run. */
  upstreams(spec: ResolvedSpec, target: Target, server: PacsServer): Upstream[];
  routes(spec: ResolvedSpec): ProxyRoute[];
  dicomweb(spec: ResolvedSpec, target: Target): DicomWebRoots;
  /** OHIF data-source options this PACS needs besides the roots. */
  dataSource: Omit<DicomWebConfiguration, 'name' | 'qidoRoot' | 'wadoRoot' | 'wadoUriRoot'>;
  /** Compose services, keyed by name; the viewer service depends on `healthGate`. */
  services(model: CoreModel): Record<string, ComposeService>;
  healthGate: string;
  volumes: string[];
  secrets: Secret[];
  /** Extra files (its configuration) for the recipe. */
  files(model: CoreModel): GeneratedFile[];
  /** README lines about this PACS. */
  notes(model: CoreModel): string[];
  /** How it runs natively from Debian packages (`ohif-recipes up`); absent: it cannot. */
  native?: NativePacs;
  /**
   * What its stateful services (database, directory, archive) listen on inside a cluster,
   * and which components may connect: the Kubernetes target makes each a StatefulSet with
   * a Service and a NetworkPolicy from this (absent: the PACS is Orthanc, emitted apart).
   */
  clusterPorts?(model: CoreModel): Record<string, ClusterPort[]>;
  /**
   * What nginx may cache of its DICOMweb answers, when it can tell nginx what changed: the
   * route; one frame's and one series' metadata path after the route's (regexes without
   * captures); how many seconds without a new instance make a series stable (its metadata
   * is cached only then); and the script that tells (a generated file, and where the
   * container image reads it).
   */
  cache?: {
    route: string;
    frame: string;
    seriesMetadata: string;
    stableAge: number;
    script: { file: string; docker: string };
  };
}

/** Something the native PACS needs on the machine: a command on PATH or a file, and its package. */
export interface NativeNeed {
  what: string;
  command?: string;
  file?: string;
  install: string;
}

/** The PACS's server process as data; the runtime starts, probes and stops it. */
export interface NativeServer {
  name: string;
  /** A command on PATH. */
  command: string;
  args: string[];
  /** A folder it writes its logs into, made before it starts. */
  logDir?: string;
  /** Answers 2xx once the server serves. */
  readyUrl: string;
  /** Answers JSON with a study count at `studiesField`, for the status line. */
  studies?: { url: string; field: string };
  startupMs: number;
}

export interface NativePacs {
  needs: NativeNeed[];
  /** Plugin or module files the server loads (passed to derivation through the target). */
  plugins: string[];
  /** Its server processes, in start order (several when scaled out). */
  servers(model: CoreModel, paths: { stateDir: string; configDir: string }): NativeServer[];
}
