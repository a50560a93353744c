// nginx's DICOMweb cache: where it lives, what it answers, and how the PACS tells it what changed.
import { type Directive } from '@ohif-recipes/nginx-dsl';
import {
  addHeader,
  alias,
  directive,
  ifBlock,
  listen,
  location,
  map,
  onlyMethods,
  proxyPass,
  ret,
  rewrite,
  server,
} from '@ohif-recipes/nginx-dsl/builders';
import type {
  DicomwebCache,
  ProxyRoute,
  RouteModel,
  SeriesMetadataCache,
} from '../../model/route-model.js';
import { appHeaders } from './headers.js';
import { upstreamRequest } from './upstream-request.js';
import { escapeRegex } from './regex.js';

const ZONE = 'dicomweb';
/** Frames never change while their instance exists: kept until evicted, by size or by a delete. */
const KEEP = '30d';

/** An Accept header's regex: the media type, then each parameter with its value quoted or not. */
const acceptRegex = (accept: string): string =>
  accept
    .split(/;\s*/)
    .map((part) => {
      const [name, value] = part.split('=');
      return value === undefined
        ? escapeRegex(part)
        : `${escapeRegex(name as string)}="?${escapeRegex(value)}"?`;
    })
    .join(';\\s*');

/** `$request_time` (seconds.milliseconds) under `seconds`, which is 1 to 10. */
const under = (seconds: number): string => {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 10)
    throw new Error(`metadata.within must be 1 to 10 seconds, not ${seconds}`);
  return `~^[0-${seconds - 1}]\\.`;
};

/** The cache's folder and bound, and the request traits its answers are kept apart by. */
export function dicomwebCacheHttp(model: RouteModel): Directive[] {
  const cache = model.dicomwebCache;
  if (!cache) return [];
  const evicted = evictRequest(cache);
  return [
    directive('proxy_cache_path', [
      cache.dir,
      'levels=1:2',
      `keys_zone=${ZONE}:16m`,
      `max_size=${cache.maxSize}`,
      `inactive=${KEEP}`,
      'use_temp_path=off',
    ]),
    // Only frames as stored (OHIF's Accept) are cached; any other transfer syntax goes to the PACS.
    map('$http_accept', '$frame_uncached', [
      [`~*^${acceptRegex(cache.accept)}$`, '0'],
      ['default', '1'],
    ]),
    map('$http_accept_encoding', '$cache_encoding', [
      ['~*gzip', 'gzip'],
      ['default', 'identity'],
    ]),
    // An eviction request names the encoding and the frame; its background fetch reads them here.
    map('$request_uri', '$evict_encoding', [[`~${evicted}`, '$1']]),
    map('$request_uri', '$evict_frame', [[`~${evicted}`, '$2']]),
    ...(cache.metadata ? metadataHttp(cache.metadata) : []),
  ];
}

/** Series metadata: which requests may use the cache, and which answers may be kept. */
function metadataHttp(metadata: SeriesMetadataCache): Directive[] {
  return [
    map('$http_accept', '$metadata_uncached', [
      [`~*^${acceptRegex(metadata.accept)}$`, '0'],
      ['default', '1'],
    ]),
    // Read when the PACS's headers arrive: how long the answer took since the request began.
    map('$request_time', '$metadata_slow', [
      [under(metadata.within), '0'],
      ['default', '1'],
    ]),
    map('$metadata', '$metadata_series', [['~/series/([0-9.]+)/metadata$', '$1']]),
  ];
}

/** An eviction request's path: the listener's prefix, then (1) the encoding and (2) the frame. */
const evictRequest = (cache: DicomwebCache): string =>
  `^${escapeRegex(cache.evict.prefix)}(${cache.encodings.join('|')})/(${cache.frame})$`;

/** The cache and the key of an answer: its path after the PACS's root, and its encoding. */
const cacheKey = (path: string, encoding: string): Directive[] => [
  directive('proxy_cache', [ZONE]),
  directive('proxy_cache_key', [`${path}|${encoding}`]),
];

/** How a cached location and the eviction fetch reach the PACS for `path`, and keep the answer. */
function fetchCached(
  route: ProxyRoute,
  model: RouteModel,
  path: string,
  encoding: string,
  host?: string,
): Directive[] {
  return [
    rewrite('^', `${route.upstreamPath}${path}`, 'break'),
    proxyPass(`http://${route.upstream}`),
    ...upstreamRequest(route, model, host),
    // The PACS compresses for clients that accept gzip: one cached answer per encoding.
    directive('proxy_set_header', ['Accept-Encoding', encoding]),
    ...cacheKey(path, encoding),
    directive('proxy_cache_valid', ['200', KEEP]),
  ];
}

/**
 * A reader's cached location inside the route, capturing the path after it as `$name`: GET
 * only, `body`, then one request per answer to the PACS and the cache's verdict.
 * Authentication and the route's other checks run in earlier phases than the cache lookup,
 * so a cached answer is never served to a request they refuse.
 */
function readerLocation(
  route: ProxyRoute,
  model: RouteModel,
  name: string,
  path: string,
  body: Directive[],
): Directive {
  return location(
    `^${escapeRegex(route.path)}(?<${name}>${path})$`,
    [
      onlyMethods('GET'),
      ...body,
      // Many readers opening the same study: one request per answer reaches the PACS.
      directive('proxy_cache_lock', ['on']),
      ...appHeaders(model),
      addHeader('X-Cache-Status', '$upstream_cache_status', { always: true }),
    ],
    '~',
  );
}

/** Inside the DICOMweb route: one frame, cached for OHIF's Accept. */
export function cachedFrames(
  route: ProxyRoute,
  model: RouteModel,
  cache: DicomwebCache,
): Directive {
  return readerLocation(route, model, 'frame', cache.frame, [
    ...fetchCached(route, model, '$frame', '$cache_encoding'),
    directive('proxy_cache_bypass', ['$frame_uncached']),
    directive('proxy_no_cache', ['$frame_uncached']),
  ]);
}

/**
 * Inside the DICOMweb route: one series' metadata, cached for OHIF's Accept unless the PACS
 * has marked the series changing; an answer is kept only if it came within `within` seconds.
 */
export function cachedMetadata(
  route: ProxyRoute,
  model: RouteModel,
  metadata: SeriesMetadataCache,
): Directive {
  return readerLocation(route, model, 'metadata', metadata.path, [
    directive('set', ['$metadata_skip', '$metadata_uncached']),
    ifBlock(
      ['-f', `${metadata.changingDir}/$metadata_series`],
      directive('set', ['$metadata_skip', '1']),
    ),
    ...fetchCached(route, model, '$metadata', '$cache_encoding', metadata.host),
    directive('proxy_cache_bypass', ['$metadata_skip']),
    directive('proxy_no_cache', ['$metadata_skip', '$metadata_slow']),
  ]);
}

/** Where the listener's expiries fetch from: an answer that is stale from the start. */
const EXPIRED = '/_expired';

/**
 * The listener the PACS tells what changed. A frame eviction is answered at once and, in the
 * background, fetches the frame from the PACS again, bypassing the cache, so the PACS's 404
 * replaces the cached answer. A metadata expiry replaces the cached answer with an expired
 * one from the listener itself; a series' mark is a file the PACS PUTs (holding the time),
 * reads and DELETEs. Its answers carry no patient data.
 */
export function evictServer(model: RouteModel): Directive[] {
  const cache = model.dicomwebCache;
  const route = model.routes.find((r) => r.id === cache?.route);
  if (!cache || !route) return [];
  const { metadata } = cache;
  const prefix = escapeRegex(cache.evict.prefix);
  return [
    server(
      listen(cache.evict.listen.port, { address: cache.evict.listen.address }),
      // One connection per eviction: nginx takes a connection's next request only once the
      // previous one's background fetch is done, and that fetch waits for the PACS's script.
      directive('keepalive_timeout', ['0']),
      location(
        evictRequest(cache),
        [
          directive('mirror', ['/_evict_frame']),
          // Any content handler answers once the mirror has started; this one reads no file.
          directive('empty_gif', []),
        ],
        '~',
      ),
      location(
        '/_evict_frame',
        [
          directive('internal', []),
          fetchCached(route, model, '$evict_frame', '$evict_encoding'),
          directive('proxy_set_header', ['Accept', cache.accept]),
          directive('proxy_cache_bypass', ['1']),
          // The PACS's 404 (or any error) replaces the frame, and expires at once.
          directive('proxy_cache_valid', ['any', '1s']),
        ],
        '=',
      ),
      metadata
        ? [
            location(
              `^${prefix}changing/([0-9.]+)$`,
              [
                onlyMethods('GET', 'PUT', 'DELETE'),
                alias(`${metadata.changingDir}/$1`),
                directive('dav_methods', ['PUT', 'DELETE']),
                // In a container the folder is made on the first mark.
                directive('create_full_put_path', ['on']),
              ],
              '~',
            ),
            location(
              `^${prefix}expire/(?<expire_encoding>${cache.encodings.join('|')})/(?<expire_metadata>${metadata.path})$`,
              [
                onlyMethods('GET'),
                rewrite('^', EXPIRED, 'break'),
                proxyPass(`http://127.0.0.1:${cache.evict.listen.port}`),
                cacheKey('$expire_metadata', '$expire_encoding'),
                directive('proxy_cache_bypass', ['1']),
              ],
              '~',
            ),
            // X-Accel-Expires at 1 s after the epoch: kept, and stale from the start.
            location(EXPIRED, [addHeader('X-Accel-Expires', '@1'), ret(204)], '='),
          ]
        : [],
      location('/', [ret(404)]),
    ),
  ];
}
