import {
  addHeader,
  addHeaders,
  authBasic,
  tls,
  clientMaxBodySize,
  directive,
  events,
  gzip,
  gzipStatic,
  http,
  include,
  listen,
  location,
  proxyHeaders,
  proxyPass,
  ret,
  root,
  server,
  serverName,
  serverTokens,
  tryFiles,
  upstream,
  upstreamServer,
  defaultCatalog,
  extendCatalog,
  type Catalog,
  type Config,
  type Directive,
} from '@ohif-recipes/nginx-dsl';
import type { ProxyRoute, RouteModel } from '../model/route-model.js';

/**
 * Headers every response of the app carries. nginx drops inherited add_header in any
 * block that sets its own, so each such block repeats these (lint checks it).
 * COOP/COEP make the page cross-origin isolated: OHIF needs SharedArrayBuffer.
 */
export const APP_HEADERS: Record<string, string> = {
  // What OHIF needs and no more: its own scripts (plus the inline PUBLIC_URL one, eval in
  // some decoders, wasm codecs), blob: workers, data:/blob: images; nothing cross-origin.
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; '),
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
};

/** HSTS, sent only over HTTPS: a browser that saw it never tries plain HTTP again. */
export const HSTS = 'max-age=63072000; includeSubDomains';

/** Compressed on the fly: DICOMweb JSON answers. Static files are gzipped once at build time. */
const DYNAMIC_GZIP_TYPES = ['application/json', 'application/dicom+json'];

/** The app headers for the model (HSTS only with TLS). */
const appHeaders = (model: RouteModel): Directive[] =>
  addHeaders(
    model.listen.ssl ? { ...APP_HEADERS, 'Strict-Transport-Security': HSTS } : APP_HEADERS,
  );

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

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
  directive('proxy_next_upstream', ['error', 'timeout']),
  directive('proxy_next_upstream_tries', ['2']),
];

/** Answers for the PACS when it is down: a 503 that says so, instead of a bare 502 page. */
const PACS_UNAVAILABLE = '@pacs_unavailable';

function pacsUnavailable(model: RouteModel): Directive {
  return location(PACS_UNAVAILABLE, [
    directive('default_type', ['application/json']),
    appHeaders(model),
    addHeader('Retry-After', '5'),
    addHeader('Cache-Control', 'no-store'),
    ret(503, '{"error":"The PACS is not reachable right now. Retry in a few seconds."}\n'),
  ]);
}

/** With an OIDC gate, a 401 from auth_request sends the browser to sign in (keeping the URL it asked for). */
const signInOn401 = (model: RouteModel): Directive[] =>
  model.gate ? [directive('error_page', ['401', '=', model.gate.urls.signInPath])] : [];

/** Keycloak and oauth2-proxy answer with large cookies and headers. */
const AUTH_PROXY_BUFFERS: Directive[] = [
  directive('proxy_buffer_size', ['32k']),
  directive('proxy_buffers', ['8', '32k']),
  directive('proxy_busy_buffers_size', ['64k']),
];

/**
 * The gate's locations, all outside auth_request: oauth2-proxy's check (internal, body
 * dropped), its sign-in/callback/sign-out pages, and Keycloak under its own path.
 */
function gateLocations(model: RouteModel): Directive[] {
  if (!model.gate) return [];
  const u = model.gate.urls;
  const common = (upstreamName: string): Directive[] => [
    directive('auth_request', ['off']),
    proxyPass(`http://${upstreamName}`),
    directive('proxy_http_version', ['1.1']),
    directive('proxy_set_header', ['Connection', '']),
    ...proxyHeaders({ forwarded: true, scheme: model.publicUrl.scheme }),
    ...AUTH_PROXY_BUFFERS,
    // Sign-in forms and Keycloak's admin console send small bodies: nginx's default, stated.
    clientMaxBodySize('1m'),
  ];
  return [
    location(
      u.authPath,
      [
        directive('internal', []),
        common('oauth2-proxy'),
        directive('proxy_pass_request_body', ['off']),
        directive('proxy_set_header', ['Content-Length', '']),
        directive('proxy_set_header', ['X-Forwarded-Uri', '$request_uri']),
      ],
      '=',
    ),
    location(
      `${u.proxyPrefix}/`,
      [
        common('oauth2-proxy'),
        // After sign-in oauth2-proxy returns the browser to the URL that needed it.
        directive('proxy_set_header', ['X-Auth-Request-Redirect', '$request_uri']),
      ],
      '^~',
    ),
    location(`${u.keycloakPath}/`, common('keycloak'), '^~'),
  ];
}

function proxyLocation(route: ProxyRoute, model: RouteModel): Directive {
  const uploads = route.uploads
    ? [
        clientMaxBodySize(model.spec.maxUploadSize),
        // Stream STOW-RS and REST uploads to the PACS instead of spooling them to disk first.
        directive('proxy_request_buffering', ['off']),
      ]
    : // A route without uploads is read-only: nothing but GET (and HEAD) reaches the backend.
      [directive('limit_except', ['GET'], [directive('deny', ['all'])])];
  return location(
    route.path,
    [
      proxyPass(`http://${route.upstream}${route.upstreamPath}`),
      // HTTP/1.1 without "Connection: close" keeps upstream connections alive (keepalive pool).
      directive('proxy_http_version', ['1.1']),
      directive('proxy_set_header', ['Connection', '']),
      // nginx does not terminate TLS here: the public scheme is the spec's, whatever the hop used.
      proxyHeaders({
        forwarded: true,
        prefix: route.path.replace(/\/$/, ''),
        scheme: model.publicUrl.scheme,
      }),
      uploads,
      PACS_PROXY_TUNING,
      directive('error_page', ['502', '503', '504', '=503', PACS_UNAVAILABLE]),
      signInOn401(model),
    ],
    // ^~ keeps regex locations (hashed viewer assets) from catching PACS URLs.
    '^~',
  );
}

function viewerLocations(model: RouteModel): Directive[] {
  const base = model.viewer.basePath;
  const out: Directive[] = [];
  if (base !== '/') out.push(location(base.replace(/\/$/, ''), [ret(301, base)], '='));
  out.push(
    location(base, [
      tryFiles('$uri', '$uri/', `${base}index.html`),
      // index.html, app-config.js, sw.js and other unhashed files: always revalidate.
      appHeaders(model),
      addHeader('Cache-Control', 'no-cache'),
    ]),
    location(
      `^${escapeRegex(base)}(.+\\.)?[0-9a-f]{16}\\.(js|css|wasm|woff2)$`,
      [
        // Content-hashed bundles never change under the same name.
        appHeaders(model),
        // Not `always`: a missing file's 404 must never be cached for a year.
        addHeader('Cache-Control', 'public, max-age=31536000, immutable', { always: false }),
        tryFiles('$uri', '=404'),
      ],
      '~',
    ),
    location(
      `^${escapeRegex(base)}.+\\.(png|jpe?g|gif|ico|svg|webp|woff2?|ttf)$`,
      [
        // Icons and fonts without a hash in their name: cached for a month, not forever,
        // so an OHIF upgrade that changes one is picked up.
        appHeaders(model),
        addHeader('Cache-Control', 'public, max-age=2592000', { always: false }),
        tryFiles('$uri', '=404'),
      ],
      '~*',
    ),
  );
  return out;
}

/** The combined format plus the upstream that answered ("-": nginx answered itself) and timings. */
const LOG_FORMAT = directive('log_format', [
  'ohif',
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" upstream=$upstream_addr upstream_status=$upstream_status rt=$request_time',
]);

/**
 * nginx's catalog plus the third-party brotli_static directive (Debian's
 * libnginx-mod-http-brotli-static), which native configs use when the module is installed.
 */
export const RECIPES_CATALOG: Catalog = extendCatalog(defaultCatalog(), [
  {
    name: 'brotli_static',
    module: 'ngx_http_brotli_static_module',
    contexts: ['http', 'server', 'location'],
    isBlock: false,
    arity: { min: 1, max: 1 },
    syntax: ['brotli_static on | off | always;'],
  },
]);

/** nginx's temp folders; both targets move them to writable places. */
export const TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;

function runtimePaths(model: RouteModel): { main: Directive[]; http: Directive[] } {
  const t = model.target;
  if (t.kind === 'docker') {
    return {
      // nginx-unprivileged runs as uid 101: pid and temp files go to /tmp, as its README says
      // (/var/run is root's; the image's log files are links to the container's stdout/stderr).
      main: [
        directive('worker_processes', ['auto']),
        directive('pid', ['/tmp/nginx.pid']),
        directive('error_log', ['/var/log/nginx/error.log', 'warn']),
      ],
      http: [
        include('/etc/nginx/mime.types'),
        LOG_FORMAT,
        directive('access_log', ['/var/log/nginx/access.log', 'ohif']),
        ...TEMP_PATHS.map((k) => directive(`${k}_temp_path`, [`/tmp/${k}_temp`])),
      ],
    };
  }
  const s = t.stateDir;
  return {
    main: [
      ...(t.brotliStaticModule ? [directive('load_module', [t.brotliStaticModule])] : []),
      ...(t.workerUser ? [directive('user', t.workerUser.split(' '))] : []),
      directive('worker_processes', ['auto']),
      directive('pid', [`${s}/run/nginx.pid`]),
      directive('error_log', [`${s}/logs/nginx-error.log`, 'warn']),
    ],
    http: [
      include(t.mimeTypes ?? '/etc/nginx/mime.types'),
      LOG_FORMAT,
      directive('access_log', [`${s}/logs/nginx-access.log`, 'ohif']),
      ...TEMP_PATHS.map((k) => directive(`${k}_temp_path`, [`${s}/nginx-temp/${k}`])),
      // Preferred over .gz by browsers that accept br (about 20 % fewer bytes for OHIF's bundles).
      ...(t.brotliStaticModule ? [{ directive: 'brotli_static', args: ['on'] }] : []),
    ],
  };
}

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
      model.upstreams.map((u) =>
        upstream(u.name, upstreamServer(`${u.host}:${u.port}`), directive('keepalive', ['16'])),
      ),
      server(
        listen(model.listen.port, {
          address: model.listen.address,
          defaultServer: true,
          ssl: model.listen.ssl,
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
