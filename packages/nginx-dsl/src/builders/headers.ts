import type { Directive } from '../types.js';
import { simple } from './core.js';

/** `add_header name value [always]`; `always` defaults on so error pages carry the header too. */
export function addHeader(name: string, value: string, opts: { always?: boolean } = {}): Directive {
  return opts.always === false
    ? simple('add_header', name, value)
    : simple('add_header', name, value, 'always');
}

/** One `add_header` per entry, in key order so output is deterministic. */
export function addHeaders(
  headers: Record<string, string>,
  opts: { always?: boolean } = {},
): Directive[] {
  return Object.keys(headers)
    .sort()
    .map((k) => addHeader(k, headers[k] as string, opts));
}

/** Cross-origin isolation, which OHIF needs for SharedArrayBuffer. */
export function crossOriginIsolation(): Directive[] {
  return addHeaders({
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
}
