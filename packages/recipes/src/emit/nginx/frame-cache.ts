// nginx's DICOMweb frame cache: where it lives, what it answers, and how the PACS evicts.
import { type Directive } from '@ohif-recipes/nginx-dsl';
import {
  addHeader,
  directive,
  listen,
  location,
  map,
  proxyPass,
  ret,
  rewrite,
  server,
} from '@ohif-recipes/nginx-dsl/builders';
import type { FrameCache, ProxyRoute, RouteModel } from '../../model/route-model.js';
import { appHeaders } from './headers.js';
import { upstreamRequest } from './upstream-request.js';
import { escapeRegex } from './regex.js';

const ZONE = 'dicomweb_frames';
/** Frames never change while their instance exists: kept until evicted, by size or by a delete. */
const KEEP = '30d';

/** The cache's folder and bound, and the request traits its answers are kept apart by. */
export function frameCacheHttp(model: RouteModel): Directive[] {
  const cache = model.frameCache;
  if (!cache) return [];
  // The media type, then each parameter with its value quoted or not.
  const accept = cache.accept
    .split(/;\s*/)
    .map((part) => {
      const [name, value] = part.split('=');
      return value === undefined
        ? escapeRegex(part)
        : `${escapeRegex(name as string)}="?${escapeRegex(value)}"?`;
    })
    .join(';\\s*');
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
      [`~*^${accept}$`, '0'],
      ['default', '1'],
    ]),
    map('$http_accept_encoding', '$frame_encoding', [
      ['~*gzip', 'gzip'],
      ['default', 'identity'],
    ]),
    // An eviction request names the encoding and the frame; its background fetch reads them here.
    map('$request_uri', '$evict_encoding', [[`~${evicted}`, '$1']]),
    map('$request_uri', '$evict_frame', [[`~${evicted}`, '$2']]),
  ];
}

/** An eviction request's path: the listener's prefix, then (1) the encoding and (2) the frame. */
const evictRequest = (cache: FrameCache): string =>
  `^${escapeRegex(cache.evict.prefix)}(${cache.encodings.join('|')})/(${cache.frame})$`;

/** The directives both the cached location and the eviction fetch use to reach the PACS. */
function fetchFrame(
  route: ProxyRoute,
  model: RouteModel,
  frame: string,
  encoding: string,
): Directive[] {
  return [
    rewrite('^', `${route.upstreamPath}${frame}`, 'break'),
    proxyPass(`http://${route.upstream}`),
    ...upstreamRequest(route, model),
    // The PACS compresses for clients that accept gzip: one cached answer per encoding.
    directive('proxy_set_header', ['Accept-Encoding', encoding]),
    directive('proxy_cache', [ZONE]),
    directive('proxy_cache_key', [`${frame}|${encoding}`]),
    directive('proxy_cache_valid', ['200', KEEP]),
  ];
}

/**
 * Inside the DICOMweb route: one frame, cached for OHIF's Accept. Authentication and the
 * route's other checks run in earlier phases than the cache lookup, so a cached answer is
 * never served to a request they refuse.
 */
export function cachedFrames(route: ProxyRoute, model: RouteModel, cache: FrameCache): Directive {
  return location(
    `^${escapeRegex(route.path)}(?<frame>${cache.frame})$`,
    [
      directive('limit_except', ['GET'], [directive('deny', ['all'])]),
      fetchFrame(route, model, '$frame', '$frame_encoding'),
      directive('proxy_cache_bypass', ['$frame_uncached']),
      directive('proxy_no_cache', ['$frame_uncached']),
      // Many readers opening the same study: one request per frame reaches the PACS.
      directive('proxy_cache_lock', ['on']),
      appHeaders(model),
      addHeader('X-Cache-Status', '$upstream_cache_status', { always: true }),
    ],
    '~',
  );
}

/**
 * The eviction listener the PACS calls after a delete: it answers at once and, in the
 * background, fetches the frame from the PACS again, bypassing the cache, so the PACS's
 * 404 replaces the cached answer. Its answers carry no patient data.
 */
export function evictServer(model: RouteModel): Directive[] {
  const cache = model.frameCache;
  const route = model.routes.find((r) => r.id === cache?.route);
  if (!cache || !route) return [];
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
          fetchFrame(route, model, '$evict_frame', '$evict_encoding'),
          directive('proxy_set_header', ['Accept', cache.accept]),
          directive('proxy_cache_bypass', ['1']),
          // The PACS's 404 (or any error) replaces the frame, and expires at once.
          directive('proxy_cache_valid', ['any', '1s']),
        ],
        '=',
      ),
      location('/', [ret(404)]),
    ),
  ];
}
