import type { Directive } from '../types.js';
import { block, simple, type Children } from './core.js';

export const proxyPass = (url: string): Directive => simple('proxy_pass', url);
export const proxySetHeader = (name: string, value: string): Directive =>
  simple('proxy_set_header', name, value);

export interface ProxyHeaderOptions {
  /** Also send RFC 7239 `Forwarded` (Orthanc's DICOMweb plugin reads it for bulk-data URLs). */
  forwarded?: boolean;
  /** The value of X-Forwarded-Prefix, when the upstream is mounted under a path. */
  prefix?: string;
  /** `$scheme` unless a TLS terminator in front of nginx says otherwise. */
  scheme?: string;
  /**
   * `host[:port]` to present instead of the request's (`$host`, `$http_host`): for answers
   * nginx caches apart from any one request's Host.
   */
  host?: string;
}

/** The headers an upstream needs to build URLs the browser can reach. */
export function proxyHeaders(opts: ProxyHeaderOptions = {}): Directive[] {
  const scheme = opts.scheme ?? '$scheme';
  const host = opts.host ?? '$http_host';
  const out = [
    proxySetHeader('Host', opts.host ?? '$host'),
    proxySetHeader('X-Real-IP', '$remote_addr'),
    proxySetHeader('X-Forwarded-For', '$proxy_add_x_forwarded_for'),
    proxySetHeader('X-Forwarded-Host', host),
    proxySetHeader('X-Forwarded-Proto', scheme),
  ];
  if (opts.prefix !== undefined) out.push(proxySetHeader('X-Forwarded-Prefix', opts.prefix));
  if (opts.forwarded) out.push(proxySetHeader('Forwarded', `proto=${scheme};host=${host}`));
  return out;
}

export function upstream(name: string, ...children: Children): Directive {
  return block('upstream', [name], children);
}

/** `server address [params]` inside an upstream block. */
export const upstreamServer = (address: string, ...params: string[]): Directive =>
  simple('server', address, ...params);
