import type { Directive } from '../types.js';
import { simple } from './core.js';

export interface GzipOptions {
  level?: number;
  types?: readonly string[];
  minLength?: number;
}

/** On-the-fly gzip for the given types (text/html is always compressed by nginx). */
export function gzip(opts: GzipOptions = {}): Directive[] {
  const out = [
    simple('gzip', 'on'),
    simple('gzip_vary', 'on'),
    simple('gzip_comp_level', opts.level ?? 1),
  ];
  if (opts.minLength !== undefined) out.push(simple('gzip_min_length', opts.minLength));
  out.push(simple('gzip_proxied', 'any'));
  if (opts.types && opts.types.length > 0) out.push(simple('gzip_types', ...opts.types));
  return out;
}

export const gzipStatic = (mode: 'on' | 'off' | 'always' = 'on'): Directive =>
  simple('gzip_static', mode);
