import { recordedSpec, regenerateFlags } from '../input/regenerate.js';
import type { ResolvedSpec } from '../input/types.js';
import type { Variant } from '../variants/types.js';
import { IMAGES } from '../versions.js';
import { nativeConfigDir, nativeSecretDir, nginxRuntime, pacsServer } from './processes.js';
import {
  routerBasename,
  type DatabaseEndpoint,
  type DicomwebCache,
  type ImageRole,
  type CoreModel,
  type PacsServer,
  type RouteModel,
} from './route-model.js';
import { oidcUrls } from './oidc.js';
import type { Target } from './target.js';

/** The viewer image runs nginx unprivileged: 8080 (HTTP) and 8443 (HTTPS) inside the container. */
const DOCKER_PORTS = { http: 8080, https: 8443 };

/** The viewer container's self-signed certificate: made once, kept across recreates. */
const DOCKER_TLS_VOLUME = { name: 'viewer-tls', path: '/var/lib/ohif-recipes/tls' };

function listeners(
  spec: ResolvedSpec,
  target: Target,
): Pick<RouteModel, 'listen' | 'redirectListen' | 'secrets' | 'healthUrl' | 'viewerVolumes'> {
  const ssl = spec.tls.mode !== 'off';
  const docker = target.kind === 'docker';
  const address = docker ? undefined : '127.0.0.1';
  const http = docker ? DOCKER_PORTS.http : spec.httpPort;
  const https = docker ? DOCKER_PORTS.https : spec.httpsPort;
  // In the container: users are hashed again at every start (from .env) into /tmp; the
  // self-signed certificate lives on a named volume so a recreated container keeps it.
  const secretDir = (kind: 'auth' | 'tls') =>
    docker
      ? kind === 'tls'
        ? DOCKER_TLS_VOLUME.path
        : `/tmp/ohif-${kind}`
      : nativeSecretDir(target.stateDir, kind);
  const tlsFiles =
    spec.tls.mode === 'files'
      ? docker
        ? { certificate: '/etc/nginx/tls/tls.crt', certificateKey: '/etc/nginx/tls/tls.key' }
        : { certificate: spec.tls.certificate, certificateKey: spec.tls.key }
      : spec.tls.mode === 'self-signed'
        ? {
            certificate: `${secretDir('tls')}/tls.crt`,
            certificateKey: `${secretDir('tls')}/tls.key`,
          }
        : {};
  return {
    listen: { port: ssl ? https : http, ...(address ? { address } : {}), ssl },
    ...(ssl ? { redirectListen: { port: http, ...(address ? { address } : {}) } } : {}),
    secrets: {
      ...(spec.auth === 'basic'
        ? {
            htpasswd: `${secretDir('auth')}/htpasswd`,
            adminHtpasswd: `${secretDir('auth')}/admins.htpasswd`,
          }
        : {}),
      ...tlsFiles,
    },
    healthUrl: `http://127.0.0.1:${http}/healthz`,
    viewerVolumes: docker && spec.tls.mode === 'self-signed' ? [DOCKER_TLS_VOLUME] : [],
  };
}

/** PostgreSQL as the compose service `postgres`, or the native runner's private cluster on loopback. */
function database(variant: Variant, target: Target): DatabaseEndpoint | undefined {
  if (variant.pacs.database !== 'postgres') return undefined;
  const where =
    target.kind === 'docker'
      ? { host: 'postgres', port: 5432 }
      : { host: '127.0.0.1', port: target.databasePort ?? 5432 };
  return {
    engine: 'postgres',
    ...where,
    name: 'orthanc',
    user: 'orthanc',
    passwordEnv: 'ORTHANC_DB_PASSWORD',
  };
}

/** Inside the viewer container, beside nginx-unprivileged's temp folders (its user makes them). */
const DOCKER_CACHE = { dir: '/tmp/dicomweb-cache', changingDir: '/tmp/dicomweb-changing' };
/** The viewer container's eviction listener, on the compose network only (not published). */
const DOCKER_EVICT_PORT = 8081;

/** The DICOMweb cache (`deploymentProblems` refuses it where nothing tells it what changed). */
function dicomwebCache(
  spec: ResolvedSpec,
  variant: Variant,
  target: Target,
  server: PacsServer,
): DicomwebCache | undefined {
  const pacs = variant.pacs.cache;
  if (!pacs || spec.dicomwebCache === '0') return undefined;
  const shared = {
    maxSize: spec.dicomwebCache,
    route: pacs.route,
    frame: pacs.frame,
    accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*',
    encodings: ['gzip', 'identity'],
  };
  // Only one process stores instances, so one process knows when a series is stable.
  const metadata = (changingDir: string) =>
    server.processes.length === 1
      ? {
          metadata: {
            path: pacs.seriesMetadata,
            accept: 'application/dicom+json',
            host: new URL(spec.publicUrl.origin).host,
            changingDir,
            // A second of the stable age is left for the answer's body after its headers.
            within: pacs.stableAge - 1,
          },
        }
      : {};
  if (target.kind === 'docker')
    return {
      ...shared,
      dir: DOCKER_CACHE.dir,
      ...metadata(DOCKER_CACHE.changingDir),
      evict: {
        listen: { port: DOCKER_EVICT_PORT },
        prefix: '/',
        url: `http://viewer:${DOCKER_EVICT_PORT}/`,
        script: pacs.script.docker,
      },
    };
  const evict = target.cacheEvict;
  if (!evict) return undefined;
  return {
    ...shared,
    dir: `${target.stateDir}/nginx-cache`,
    ...metadata(`${target.stateDir}/nginx-changing`),
    evict: {
      listen: { port: evict.port, address: '127.0.0.1' },
      prefix: `/${evict.token}/`,
      url: `http://127.0.0.1:${evict.port}/${evict.token}/`,
      script: `${nativeConfigDir(target.stateDir)}/${pacs.script.file}`,
    },
  };
}

/** Every image by role: the pins, the viewer image the recipe builds, and the user's overrides. */
function images(spec: ResolvedSpec, variant: Variant): Record<ImageRole, string> {
  const overrides = spec.images as Partial<Record<ImageRole, string>>;
  return {
    viewer: `ohif-recipes/viewer-${variant.name}:${spec.ohifVersion}`,
    nginx: IMAGES.nginx,
    node: IMAGES.node,
    orthanc: IMAGES.orthanc,
    postgres: IMAGES.postgres,
    keycloak: IMAGES.keycloak,
    'keycloak-db': IMAGES.postgres,
    'oauth2-proxy': IMAGES.oauth2Proxy,
    ldap: IMAGES.dcm4cheeLdap,
    db: IMAGES.dcm4cheeDb,
    arc: IMAGES.dcm4cheeArc,
    ...overrides,
  };
}

/** Browsers reach a loopback public URL only from this host: publish nothing wider. */
function publishAddress(host: string): string | undefined {
  return /^127(\.\d{1,3}){3}$/.test(host) ? host : host === '[::1]' ? '::1' : undefined;
}

/**
 * The one place paths, hosts and ports are decided; every emitter reads the result. The
 * variant's components are consulted here and nowhere else: first for what the core needs
 * (routes, upstreams, roots), then, given the core, for what they contribute as data.
 */
export function deriveRouteModel(spec: ResolvedSpec, variant: Variant, target: Target): RouteModel {
  const core = coreModel(spec, variant, target);
  const { pacs, gate } = variant;
  return {
    ...core,
    description: variant.description,
    ...(gate ? { gateDescription: gate.description } : {}),
    services: { ...pacs.services(core), ...(gate?.services(core) ?? {}) },
    volumes: [...pacs.volumes, ...(gate?.volumes ?? [])],
    viewerDependsOn: { [pacs.healthGate]: 'service_healthy', ...(gate?.dependsOn ?? {}) },
    secretsNeeded: [...pacs.secrets, ...(gate?.secrets ?? [])],
    notes: [...pacs.notes(core), ...(gate?.notes(core) ?? [])],
    dataSource: { name: pacs.kind, options: pacs.dataSource },
    files: [...pacs.files(core), ...(gate?.files(core) ?? [])],
    clusterPorts: pacs.clusterPorts?.(core) ?? {},
  };
}

function coreModel(spec: ResolvedSpec, variant: Variant, target: Target): CoreModel {
  const { pacs } = variant;
  const routes = pacs.routes(spec);
  const base = spec.publicUrl.basePath;
  const published = publishAddress(spec.publicUrl.host);
  const dicomweb = pacs.dicomweb(spec, target);
  const origin = spec.publicUrl.origin;
  const db = database(variant, target);
  const server = pacsServer(target, spec.orthancReplicas);
  const cache = dicomwebCache(spec, variant, target, server);
  return {
    variant: variant.name,
    outputs: target.kind === 'docker' ? 'recipe' : 'configuration',
    regenerate: regenerateFlags(spec, variant.pacs.defaults),
    input: recordedSpec(spec),
    publicUrl: spec.publicUrl,
    pacsPath: spec.pacsPath,
    ohifVersion: spec.ohifVersion,
    images: images(spec, variant),
    ports: { http: spec.httpPort, https: spec.httpsPort },
    auth: spec.auth,
    tls: spec.tls,
    maxUploadSize: spec.maxUploadSize,
    ingestTranscoding: spec.ingestTranscoding,
    dicom: spec.dicom,
    nginxRuntime: nginxRuntime(target),
    pacsServer: server,
    ...listeners(spec, target),
    ...(published ? { publishAddress: published } : {}),
    viewer: {
      basePath: base,
      routerBasename: routerBasename(base),
      webRoot: target.kind === 'docker' ? '/usr/share/nginx/html' : target.webRoot,
      appConfigName: variant.appConfigName,
    },
    upstreams: [
      ...pacs.upstreams(spec, target, server),
      ...(variant.gate?.upstreams(target) ?? []),
    ],
    routes,
    ...(db ? { database: db } : {}),
    ...(variant.gate ? { gate: { urls: oidcUrls(spec.publicUrl) } } : {}),
    dicomweb,
    ...(cache ? { dicomwebCache: cache } : {}),
    links: [
      { label: 'Viewer', url: spec.publicUrl.href },
      // The DICOMweb and WADO-URI routes have links of their own below.
      ...routes
        .filter((r) => r.path !== `${dicomweb.qidoRoot}/` && r.path !== dicomweb.wadoUriRoot)
        .map((r) => ({ label: r.description, url: `${origin}${r.path}` })),
      { label: 'DICOMweb root (QIDO-RS/WADO-RS/STOW-RS)', url: `${origin}${dicomweb.qidoRoot}` },
      ...(dicomweb.wadoUriRoot
        ? [{ label: 'WADO-URI', url: `${origin}${dicomweb.wadoUriRoot}` }]
        : []),
    ],
  };
}
