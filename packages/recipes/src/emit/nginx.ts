import { type Config, type Directive } from '@ohif-recipes/nginx-dsl';
import {
  authBasic,
  tls,
  directive,
  events,
  gzip,
  gzipStatic,
  http,
  listen,
  location,
  ret,
  root,
  server,
  serverName,
  serverTokens,
  upstream,
  upstreamServer,
} from '@ohif-recipes/nginx-dsl/builders';
import type { RouteModel } from '../model/route-model.js';
import { appHeaders } from './nginx/headers.js';
import { gateLocations, signInOn401 } from './nginx/gate.js';
import { evictServer, dicomwebCacheHttp } from './nginx/dicomweb-cache.js';
import { pacsUnavailable, proxyLocation } from './nginx/pacs-proxy.js';
import { runtimePaths } from './nginx/runtime.js';
import { viewerLocations } from './nginx/viewer.js';

export { APP_HEADERS, HSTS } from './nginx/headers.js';
export { RECIPES_CATALOG, TEMP_PATHS } from './nginx/runtime.js';

/** Compressed on the fly: DICOMweb JSON answers. Static files are gzipped once at build time. */
const DYNAMIC_GZIP_TYPES = ['application/json', 'application/dicom+json'];

/** nginx.conf for the route model: the viewer SPA, its caching, and one location per PACS route. */
export function nginxConfig(model: RouteModel): Config {
  const paths = runtimePaths(model);
  return [
    ...paths.main,
    events(directive('worker_connections', ['1024'])),
    http(
      paths.http,
      directive('default_type', ['application/octet-stream']),
      directive('sendfile', ['on']),
      directive('tcp_nopush', ['on']),
      directive('keepalive_timeout', ['65']),
      serverTokens(false),
      gzip({ level: 1, minLength: 1024, types: DYNAMIC_GZIP_TYPES }),
      gzipStatic('on'),
      dicomwebCacheHttp(model),
      model.upstreams.map((u) =>
        upstream(
          u.name,
          // Replicas: every worker learns at once that one failed (state in shared memory).
          u.servers.length > 1 ? directive('zone', [u.name, '64k']) : [],
          u.servers.map((x) => upstreamServer(`${x.host}:${x.port}`)),
          directive('keepalive', ['16']),
        ),
      ),
      server(
        listen(model.listen.port, {
          address: model.listen.address,
          defaultServer: true,
          ssl: model.listen.ssl,
          // With TLS, browsers speak HTTP/2: OHIF's frame requests share one connection
          // instead of queueing for six. The listen parameter is what both Debian's nginx
          // (1.22) and the image's accept; 1.25.1+ only warns that it prefers `http2 on`.
          http2: model.listen.ssl,
        }),
        serverName(model.publicUrl.host),
        // Redirects nginx makes itself (`/pacs` -> `/pacs/`, `/ohif` -> `/ohif/`) stay relative:
        // in a container nginx listens on 8080 while browsers use the published port.
        directive('absolute_redirect', ['off']),
        model.listen.ssl && model.secrets.certificate && model.secrets.certificateKey
          ? tls({
              certificate: model.secrets.certificate,
              certificateKey: model.secrets.certificateKey,
            })
          : [],
        model.secrets.htpasswd ? authBasic('OHIF viewer', model.secrets.htpasswd) : [],
        model.gate ? directive('auth_request', [model.gate.urls.authPath]) : [],
        signInOn401(model),
        root(model.viewer.webRoot),
        appHeaders(model),
        model.redirectListen ? [] : healthz(model),
        viewerLocations(model),
        model.routes.map((r) => proxyLocation(r, model)),
        gateLocations(model),
        pacsUnavailable(model),
      ),
      model.redirectListen ? redirectServer(model, model.redirectListen) : [],
      evictServer(model),
    ),
  ];
}

/** An unauthenticated liveness answer for health checks (no content, no secrets). */
function healthz(model: RouteModel): Directive {
  return location(
    '/healthz',
    [
      authBasic(false),
      model.gate ? directive('auth_request', ['off']) : [],
      directive('access_log', ['off']),
      directive('default_type', ['text/plain']),
      ret(200, 'ok\n'),
    ],
    '=',
  );
}

/**
 * With TLS, plain HTTP only redirects to the public HTTPS origin (taken from the spec,
 * never from the request's Host header) and answers /healthz.
 */
function redirectServer(model: RouteModel, at: { port: number; address?: string }): Directive {
  return server(
    listen(at.port, { address: at.address, defaultServer: true }),
    serverName(model.publicUrl.host),
    healthz(model),
    location('/', [ret(301, `${model.publicUrl.origin}$request_uri`)]),
  );
}
