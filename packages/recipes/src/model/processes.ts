import { DOCKER_ORTHANC } from '../versions.js';
import type { NginxRuntime, PacsProcess, PacsServer } from './route-model.js';
import { DEBIAN_ORTHANC, type Target } from './target.js';

/** Where the native runner keeps a secret kind (`auth`, `tls`) in its state directory. */
export const nativeSecretDir = (stateDir: string, kind: 'auth' | 'tls'): string =>
  `${stateDir}/${NATIVE_DATA_DIRS[kind]}`;

/** Where the native runner writes the recipe's configuration (`config/...` inside). */
export const nativeConfigDir = (stateDir: string): string => `${stateDir}/recipe`;

/** The htpasswd nginx reads natively with --auth basic (and `ohif-recipes user add` edits). */
export const nativeHtpasswd = (stateDir: string): string =>
  `${nativeSecretDir(stateDir, 'auth')}/htpasswd`;

/** The folders of a native state directory that hold data: a backup takes exactly these. */
export const NATIVE_DATA_DIRS = {
  /** The PACS's storage (Orthanc: DICOM files, and its SQLite index when it has no database). */
  storage: 'orthanc-db',
  /** The PostgreSQL cluster of the index. */
  database: 'postgres',
  /** The database password (the cluster only accepts it). */
  secrets: 'secrets',
  auth: 'auth',
  tls: 'tls',
} as const;

/** nginx's temp folders; both targets move them to writable places. */
export const TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;

/**
 * Where nginx keeps its process files. In the container nginx-unprivileged runs as uid 101:
 * pid and temp files in /tmp, as its README requires of a replaced nginx.conf (the image's
 * log files are links to the container's stdout/stderr). Natively: the state directory.
 */
export function nginxRuntime(target: Target): NginxRuntime {
  if (target.kind === 'docker')
    return {
      pid: '/tmp/nginx.pid',
      errorLog: '/var/log/nginx/error.log',
      accessLog: '/var/log/nginx/access.log',
      mimeTypes: '/etc/nginx/mime.types',
      tempPaths: Object.fromEntries(TEMP_PATHS.map((k) => [k, `/tmp/${k}_temp`])),
      loadModules: [],
      brotliStatic: false,
    };
  const s = target.stateDir;
  return {
    pid: `${s}/run/nginx.pid`,
    errorLog: `${s}/logs/nginx-error.log`,
    accessLog: `${s}/logs/nginx-access.log`,
    mimeTypes: target.mimeTypes ?? '/etc/nginx/mime.types',
    tempPaths: Object.fromEntries(TEMP_PATHS.map((k) => [k, `${s}/nginx-temp/${k}`])),
    loadModules: target.brotliStaticModule ? [target.brotliStaticModule] : [],
    ...(target.workerUser ? { workerUser: target.workerUser.split(' ') } : {}),
    brotliStatic: target.brotliStaticModule !== undefined,
  };
}

/**
 * The PACS processes: one doing everything, or `replicas` web processes and one ingest
 * process. In containers each is a service on 8042 (web replicas share one service and take
 * their server identifier from the pod or container name, `${HOSTNAME}`); natively each has
 * its own loopback port and name.
 */
function pacsProcesses(target: Target, replicas: number): PacsProcess[] {
  const docker = target.kind === 'docker';
  const port = (i: number): number => (docker ? 8042 : (target.pacsHttpPorts[i] as number));
  if (replicas === 1)
    return [
      {
        id: 'orthanc',
        role: 'all',
        httpPort: port(0),
        serverId: 'orthanc',
        configFile: 'orthanc.json',
      },
    ];
  const web: PacsProcess[] = docker
    ? [
        {
          id: 'orthanc',
          role: 'web',
          httpPort: 8042,
          serverId: '${HOSTNAME}',
          configFile: 'orthanc-web.json',
        },
      ]
    : Array.from({ length: replicas }, (_, i) => ({
        id: `orthanc-web-${i + 1}`,
        role: 'web' as const,
        httpPort: port(i),
        serverId: `orthanc-web-${i + 1}`,
        configFile: `orthanc-web-${i + 1}.json`,
      }));
  return [
    ...web,
    {
      id: 'orthanc-ingest',
      role: 'ingest',
      httpPort: port(docker ? 0 : replicas),
      serverId: 'orthanc-ingest',
      configFile: 'orthanc-ingest.json',
    },
  ];
}

/** The component (compose/Kubernetes service role) a PACS process belongs to. */
export const processComponent = (p: PacsProcess): string =>
  p.role === 'all' ? 'orthanc' : `orthanc-${p.role}`;

/**
 * How the PACS server runs: in the container Orthanc's image defaults (8042, its data volume,
 * every plugin of the image, reachable on the compose network); natively loopback ports, the
 * state directory and the plugin files found, reachable from loopback only (Orthanc 1.10 has
 * no bind-address option). Every process shares the storage: one folder natively, one
 * volume (ReadWriteMany on Kubernetes) in containers.
 */
export function pacsServer(target: Target, replicas = 1): PacsServer {
  const processes = pacsProcesses(target, replicas);
  const common = { processes, replicas };
  return target.kind === 'docker'
    ? {
        ...common,
        storageDir: '/var/lib/orthanc/db',
        remoteAccess: true,
        plugins: ['/usr/share/orthanc/plugins'],
        versions: DOCKER_ORTHANC,
      }
    : {
        ...common,
        storageDir: `${target.stateDir}/${NATIVE_DATA_DIRS.storage}`,
        remoteAccess: false,
        credential: {
          user: 'nginx',
          passwordEnv: 'ORTHANC_NGINX_PASSWORD',
          authorizationInclude: `${target.stateDir}/${NATIVE_DATA_DIRS.secrets}/pacs-authorization.conf`,
        },
        plugins: target.pacsPlugins ?? ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so'],
        versions: target.orthanc ?? DEBIAN_ORTHANC,
      };
}
