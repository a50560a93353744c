// Where nginx keeps its pid, logs and temp files, per target; the directive catalog the recipes use.
import {
  directive,
  include,
  defaultCatalog,
  extendCatalog,
  type Catalog,
  type Directive,
} from '@ohif-recipes/nginx-dsl';
import type { RouteModel } from '../../model/route-model.js';

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

export function runtimePaths(model: RouteModel): { main: Directive[]; http: Directive[] } {
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
