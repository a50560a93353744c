import type { ResolvedSpec } from '../spec/types.js';
import type { Variant } from '../variants/types.js';
import { routerBasename, type DatabaseEndpoint, type RouteModel } from './route-model.js';
import { oidcUrls } from './oidc.js';
import type { Target } from './target.js';

/** The viewer image runs nginx unprivileged: 8080 (HTTP) and 8443 (HTTPS) inside the container. */
const DOCKER_PORTS = { http: 8080, https: 8443 };

function listeners(
  spec: ResolvedSpec,
  target: Target,
): Pick<RouteModel, 'listen' | 'redirectListen' | 'secrets' | 'healthUrl'> {
  const ssl = spec.tls.mode !== 'off';
  const docker = target.kind === 'docker';
  const address = docker ? undefined : '127.0.0.1';
  const http = docker ? DOCKER_PORTS.http : spec.httpPort;
  const https = docker ? DOCKER_PORTS.https : spec.httpsPort;
  const secretDir = (name: string) => (docker ? `/tmp/ohif-${name}` : `${target.stateDir}/${name}`);
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
      ...(spec.auth === 'basic' ? { htpasswd: `${secretDir('auth')}/htpasswd` } : {}),
      ...tlsFiles,
    },
    healthUrl: `http://127.0.0.1:${http}/healthz`,
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

/** The one place paths, hosts and ports are decided; every emitter reads the result. */
export function deriveRouteModel(spec: ResolvedSpec, variant: Variant, target: Target): RouteModel {
  const { pacs } = variant;
  const routes = pacs.routes(spec);
  const base = spec.publicUrl.basePath;
  const dicomweb = pacs.dicomweb(spec, target);
  const origin = spec.publicUrl.origin;
  const db = database(variant, target);
  return {
    spec,
    target,
    publicUrl: spec.publicUrl,
    ...listeners(spec, target),
    viewer: {
      basePath: base,
      routerBasename: routerBasename(base),
      webRoot: target.kind === 'docker' ? '/usr/share/nginx/html' : target.webRoot,
      appConfigName: variant.appConfigName,
    },
    upstreams: [...pacs.upstreams(spec, target), ...(variant.gate?.upstreams(target) ?? [])],
    routes,
    ...(db ? { database: db } : {}),
    ...(variant.gate ? { gate: { urls: oidcUrls(spec.publicUrl) } } : {}),
    dicomweb,
    links: [
      { label: 'Viewer', url: spec.publicUrl.href },
      ...routes.map((r) => ({ label: r.description, url: `${origin}${r.path}` })),
      { label: 'DICOMweb root (QIDO-RS/WADO-RS/STOW-RS)', url: `${origin}${dicomweb.qidoRoot}` },
      ...(dicomweb.wadoUriRoot
        ? [{ label: 'WADO-URI', url: `${origin}${dicomweb.wadoUriRoot}` }]
        : []),
    ],
  };
}
