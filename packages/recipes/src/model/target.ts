import { parseVersion, type OrthancVersions } from '../versions.js';

/**
 * Where a recipe runs. Emitters read these facts instead of post-processing each other's
 * output: the docker target names compose services, the native one 127.0.0.1 ports and
 * a state directory.
 */
export interface DockerTarget {
  kind: 'docker';
}

export interface NativeTarget {
  kind: 'native';
  /** Absolute directory holding data, logs, pid files and temp paths. */
  stateDir: string;
  /** Absolute directory of the prepared OHIF dist (the web root's sub-path lives inside it). */
  webRoot: string;
  /** Loopback HTTP ports of the PACS processes, in order (web replicas, then ingest). */
  pacsHttpPorts: number[];
  /** Loopback port of the PACS's PostgreSQL index, for variants that have one. */
  databasePort?: number;
  /** Absolute path of nginx's mime.types. */
  mimeTypes?: string;
  /** The Orthanc + DICOMweb plugin versions installed (Debian 12: 1.10.1 and 1.7). */
  orthanc?: OrthancVersions;
  /** Plugin files the PACS server loads (from its native component). */
  pacsPlugins?: string[];
  /** nginx's brotli_static module (Debian: libnginx-mod-http-brotli-static), when installed. */
  brotliStaticModule?: string;
  /** `user [group]` nginx workers run as when the runner is root, e.g. `www-data www-data`. */
  workerUser?: string;
  /**
   * nginx's loopback listener for what the PACS tells its DICOMweb cache, and the random path
   * prefix that keeps other local users from using it (absent: no DICOMweb cache).
   */
  cacheEvict?: { port: number; token: string };
}

export type Target = DockerTarget | NativeTarget;

export const DOCKER: DockerTarget = { kind: 'docker' };

export const DEBIAN_ORTHANC: OrthancVersions = {
  orthanc: parseVersion('1.10.1'),
  dicomweb: parseVersion('1.7'),
};
