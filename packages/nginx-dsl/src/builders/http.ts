import type { Directive } from '../types.js';
import { block, flat, simple, type Children } from './core.js';

export const http = (...children: Children): Directive => block('http', [], children);
export const events = (...children: Children): Directive => block('events', [], children);
export const server = (...children: Children): Directive => block('server', [], children);

export interface ListenOptions {
  address?: string;
  defaultServer?: boolean;
  ssl?: boolean;
  http2?: boolean;
}

/** `listen [address:]port [default_server] [ssl]`. */
export function listen(port: number, opts: ListenOptions = {}): Directive {
  const where = opts.address
    ? `${opts.address.includes(':') && !opts.address.startsWith('[') ? `[${opts.address}]` : opts.address}:${port}`
    : String(port);
  const args = [where];
  if (opts.defaultServer) args.push('default_server');
  if (opts.ssl) args.push('ssl');
  if (opts.http2) args.push('http2');
  return simple('listen', ...args);
}

export const serverName = (...names: string[]): Directive => simple('server_name', ...names);

export type LocationModifier = '=' | '~' | '~*' | '^~';

/** `location [modifier] uri { ... }`; named locations are written `@name`. */
export function location(uri: string, children: Children, modifier?: LocationModifier): Directive {
  return block('location', modifier ? [modifier, uri] : [uri], children);
}

export const root = (path: string): Directive => simple('root', path);
export const alias = (path: string): Directive => simple('alias', path);
export const index = (...files: string[]): Directive => simple('index', ...files);
export const include = (path: string): Directive => simple('include', path);

/** `try_files file ... fallback`; the fallback is a URI, `=code` or `@named`. */
export const tryFiles = (...files: [string, string, ...string[]]): Directive =>
  simple('try_files', ...files);

/** `return code [text|URL]`. */
export function ret(code: number, textOrUrl?: string): Directive {
  return textOrUrl === undefined ? simple('return', code) : simple('return', code, textOrUrl);
}

export const rewrite = (
  regex: string,
  replacement: string,
  flag?: 'last' | 'break' | 'redirect' | 'permanent',
): Directive =>
  flag ? simple('rewrite', regex, replacement, flag) : simple('rewrite', regex, replacement);

/** `map source $variable { key value; ... }`; entries keep their order (regexes match in order). */
export function map(
  source: string,
  variable: `$${string}`,
  entries: ReadonlyArray<readonly [string, string]>,
): Directive {
  return block(
    'map',
    [source, variable],
    entries.map(([k, v]) => simple(k, v)),
  );
}

export const clientMaxBodySize = (size: string): Directive => simple('client_max_body_size', size);
export const serverTokens = (on: boolean): Directive => simple('server_tokens', on ? 'on' : 'off');

/** `types { mime ext...; }` entries. */
export function types(entries: Record<string, readonly string[]>): Directive {
  return block(
    'types',
    [],
    Object.entries(entries).map(([mime, exts]) => simple(mime, ...exts)),
  );
}

/** `if (cond) { ... }`: `['$var']`, `['-f', path]` or `['$var', '=', value]`. */
export function ifBlock(
  condition: [string] | [string, string] | [string, string, string],
  ...children: Children
): Directive {
  return { directive: 'if', args: [...condition], block: flat(children) };
}
