// How nginx proxies the PACS: upload limits, buffering, timeouts, retries, the 503 answer.
import { type Directive } from '@ohif-recipes/nginx-dsl';
import {
  addHeader,
  clientMaxBodySize,
  directive,
  location,
  onlyMethods,
  proxyPass,
  ret,
} from '@ohif-recipes/nginx-dsl/builders';
import type { ProxyRoute, RouteModel } from '../../model/route-model.js';
import { signInOn401 } from './gate.js';
import { appHeaders } from './headers.js';
import { escapeRegex } from './regex.js';
import { cachedFrames, cachedMetadata } from './dicomweb-cache.js';
import { upstreamRequest } from './upstream-request.js';

/**
 * Large multipart frame responses stream through memory buffers instead of temp files;
 * a PACS that is down fails fast (connect timeout) instead of hanging for 60 s; reads
 * stay long for big studies; a broken keep-alive connection is retried once, but only
 * for idempotent requests (nginx never retries POST unless told to).
 */
const PACS_PROXY_TUNING: Directive[] = [
  directive('proxy_connect_timeout', ['2s']),
  directive('proxy_send_timeout', ['300s']),
  directive('proxy_read_timeout', ['300s']),
  directive('proxy_buffering', ['on']),
  directive('proxy_buffer_size', ['64k']),
  directive('proxy_buffers', ['32', '64k']),
  directive('proxy_busy_buffers_size', ['128k']),
  directive('proxy_max_temp_file_size', ['0']),
  directive('proxy_next_upstream_tries', ['2']),
];

/**
 * Which failures send an idempotent request to the next server: connection errors and
 * timeouts; with several replicas also a 503 (an Orthanc whose index connection broke
 * answers 503 until it is restarted).
 */
function nextUpstream(route: ProxyRoute, model: RouteModel): Directive {
  const servers = model.upstreams.find((u) => u.name === route.upstream)?.servers.length ?? 1;
  return directive('proxy_next_upstream', [
    'error',
    'timeout',
    ...(servers > 1 ? ['http_503'] : []),
  ]);
}

/** Answers for the PACS when it is down: a 503 that says so, instead of a bare 502 page. */
const PACS_UNAVAILABLE = '@pacs_unavailable';

export function pacsUnavailable(model: RouteModel): Directive {
  return location(PACS_UNAVAILABLE, [
    directive('default_type', ['application/json']),
    appHeaders(model),
    addHeader('Retry-After', '5'),
    addHeader('Cache-Control', 'no-store'),
    ret(503, '{"error":"The PACS is not reachable right now. Retry in a few seconds."}\n'),
  ]);
}

/**
 * Endpoints under a route that nobody reaches through the proxy: 404 before any backend
 * sees them, case-insensitive and with or without a trailing slash (nginx has already
 * decoded the URI and merged its slashes).
 */
function closedEndpoints(route: ProxyRoute): Directive | undefined {
  if (!route.closed?.length) return undefined;
  const names = route.closed.map((c) =>
    c.endsWith('*') ? `${escapeRegex(c.slice(0, -1))}[^/]*` : escapeRegex(c),
  );
  return location(
    `^${escapeRegex(route.path)}(${names.join('|')})/?$`,
    [
      directive('default_type', ['text/plain']),
      ret(404, 'Not proxied: use the PACS on its host.\n'),
    ],
    '~*',
  );
}

export function proxyLocation(route: ProxyRoute, model: RouteModel): Directive {
  const uploads = route.uploads
    ? [
        clientMaxBodySize(model.maxUploadSize),
        // Stream STOW-RS and REST uploads to the PACS instead of spooling them to disk first.
        directive('proxy_request_buffering', ['off']),
      ]
    : // A route without uploads is read-only: nothing but GET (and HEAD) reaches the backend.
      [onlyMethods('GET')];
  return location(
    route.path,
    [
      proxyPass(`http://${route.upstream}${route.upstreamPath}`),
      upstreamRequest(route, model),
      uploads,
      // Signed-in viewer users are not PACS administrators: admin routes check the admins'
      // file (basic auth) or the Keycloak role (OIDC gate).
      route.access === 'admin' && model.secrets.adminHtpasswd !== undefined
        ? directive('auth_basic_user_file', [model.secrets.adminHtpasswd])
        : undefined,
      route.access === 'admin' && model.gate
        ? directive('auth_request', [model.gate.urls.adminAuthPath])
        : undefined,
      nextUpstream(route, model),
      PACS_PROXY_TUNING,
      directive('error_page', ['502', '503', '504', '=503', PACS_UNAVAILABLE]),
      signInOn401(model),
      closedEndpoints(route),
      model.dicomwebCache?.route === route.id
        ? cachedFrames(route, model, model.dicomwebCache)
        : undefined,
      model.dicomwebCache?.route === route.id && model.dicomwebCache.metadata
        ? cachedMetadata(route, model, model.dicomwebCache.metadata)
        : undefined,
    ],
    // ^~ keeps regex locations (hashed viewer assets) from catching PACS URLs.
    route.exact ? '=' : '^~',
  );
}
