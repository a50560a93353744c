// Where nginx keeps its pid, logs and temp files, per target; the directive catalog the recipes use.
import {
  defaultCatalog,
  extendCatalog,
  type Catalog,
  type Directive,
} from '@ohif-recipes/nginx-dsl';
import { directive, include } from '@ohif-recipes/nginx-dsl/builders';
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

export { TEMP_PATHS } from '../../model/processes.js';

/** nginx's process files as the model decided them for the target. */
export function runtimePaths(model: RouteModel): { main: Directive[]; http: Directive[] } {
  const r = model.nginxRuntime;
  return {
    main: [
      ...r.loadModules.map((m) => directive('load_module', [m])),
      ...(r.workerUser ? [directive('user', r.workerUser)] : []),
      directive('worker_processes', ['auto']),
      directive('pid', [r.pid]),
      directive('error_log', [r.errorLog, 'warn']),
    ],
    http: [
      include(r.mimeTypes),
      LOG_FORMAT,
      directive('access_log', [r.accessLog, 'ohif']),
      ...Object.entries(r.tempPaths).map(([k, path]) => directive(`${k}_temp_path`, [path])),
      // Preferred over .gz by browsers that accept br (about 20 % fewer bytes for OHIF's bundles).
      ...(r.brotliStatic ? [{ directive: 'brotli_static', args: ['on'] }] : []),
    ],
  };
}
