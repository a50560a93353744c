import { type Config } from '@ohif-recipes/nginx-dsl';
import {
  addHeader,
  clientMaxBodySize,
  directive,
  events,
  gzip,
  http,
  include,
  listen,
  location,
  proxyPass,
  root,
  server,
  tryFiles,
} from '@ohif-recipes/nginx-dsl/builders';
import { TEMP_PATHS } from '@ohif-recipes/recipes';

export interface BaselineOptions {
  dir: string;
  port: number;
  webRoot: string;
  pacsPort: number;
  pacsPath: string;
  workerUser?: string;
  /** Headers Orthanc needs from its proxy (natively: the credential only nginx holds). */
  pacsHeaders?: Record<string, string>;
}

/**
 * The behaviour of upstream's hand-written nginx recipe, for comparison only: no-store on
 * every static file, gzip level 9 on the fly for css/js/json/svg (no precompressed files),
 * and a proxy without upstream keep-alive (HTTP/1.0 to the PACS).
 */
export function baselineNginx(o: BaselineOptions): Config {
  return [
    ...(o.workerUser ? [directive('user', o.workerUser.split(' '))] : []),
    directive('worker_processes', ['auto']),
    directive('pid', [`${o.dir}/nginx.pid`]),
    directive('error_log', [`${o.dir}/error.log`, 'warn']),
    events(directive('worker_connections', ['1024'])),
    http(
      include('/etc/nginx/mime.types'),
      directive('access_log', ['off']),
      ...TEMP_PATHS.map((k) => directive(`${k}_temp_path`, [`${o.dir}/${k}`])),
      gzip({
        level: 9,
        types: ['text/css', 'application/javascript', 'application/json', 'image/svg+xml'],
      }),
      server(
        listen(o.port, { address: '127.0.0.1' }),
        root(o.webRoot),
        location('/', [
          tryFiles('$uri', '$uri/', '/index.html'),
          addHeader('Cache-Control', 'no-store, no-cache, must-revalidate'),
          addHeader('Cross-Origin-Opener-Policy', 'same-origin'),
          addHeader('Cross-Origin-Embedder-Policy', 'require-corp'),
        ]),
        location(o.pacsPath, [
          proxyPass(`http://127.0.0.1:${o.pacsPort}/`),
          clientMaxBodySize('0'),
          ...Object.entries(o.pacsHeaders ?? {}).map(([k, v]) =>
            directive('proxy_set_header', [k, v]),
          ),
        ]),
      ),
    ),
  ];
}
