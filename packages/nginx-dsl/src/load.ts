// Reading a configuration as nginx does: the main file and every file its `include`s name
// (globs, paths relative to the main file's folder), spliced in place. Node only: the CLI's.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { NginxDslError } from './errors.js';
import { parse } from './parse.js';
import type { Config, Directive } from './types.js';

/** Where a directive was read: its file and line. */
export interface Position {
  file: string;
  line: number;
}

export interface Loaded {
  config: Config;
  positions: Map<Directive, Position>;
  /** Every file read, main first. */
  files: string[];
}

const GLOB = /[*?[]/;

/** A path segment pattern as a RegExp (`*`, `?`, `[...]`, as glob(3) reads them). */
function segmentPattern(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        re += `[${seg
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The files a pattern names, sorted as glob(3) sorts them; none is fine for a pattern. */
function expand(pattern: string): string[] {
  if (!GLOB.test(pattern)) return [pattern];
  const segments = pattern.split('/');
  let found = [segments[0] === '' ? '/' : '.'];
  for (const seg of segments.slice(segments[0] === '' ? 1 : 0)) {
    if (seg === '') continue;
    found = found.flatMap((dir) => {
      if (!GLOB.test(seg)) return [join(dir, seg)];
      if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
      const re = segmentPattern(seg);
      return readdirSync(dir)
        .filter((n) => re.test(n) && (seg.startsWith('.') || !n.startsWith('.')))
        .sort()
        .map((n) => join(dir, n));
    });
  }
  return found.filter((f) => existsSync(f) && statSync(f).isFile());
}

/**
 * Loads `file` (or standard input's `text` when `file` is `-`) with its includes expanded
 * recursively. Relative include paths resolve against `confDir` (default: the main file's
 * folder, as nginx's `-c`; the working folder for standard input). A missing literal
 * include, an unreadable file or an include cycle is a NginxDslError naming the file.
 */
export function loadConfig(
  file: string,
  options: { text?: string; confDir?: string } = {},
): Loaded {
  const positions = new Map<Directive, Position>();
  const files: string[] = [];
  const confDir = options.confDir ?? (file === '-' ? process.cwd() : dirname(resolve(file)));
  const read = (path: string, from?: Position): string => {
    try {
      return path === '-' && options.text !== undefined ? options.text : readFileSync(path, 'utf8');
    } catch (e) {
      const where = from ? ` (included from ${from.file}:${from.line})` : '';
      throw new NginxDslError([
        {
          path: path,
          message: `cannot read it${where}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
          fix: "check the path; relative includes resolve against the main file's folder",
        },
      ]);
    }
  };
  const load = (path: string, chain: string[], from?: Position): Config => {
    if (chain.includes(path))
      throw new NginxDslError([
        {
          path,
          message: `includes itself (${[...chain, path].join(' -> ')})`,
          fix: 'remove the include cycle',
        },
      ]);
    files.push(path);
    const lines = new Map<Directive, number>();
    const config = parse(read(path, from), path, lines);
    for (const [node, line] of lines) positions.set(node, { file: path, line });
    const splice = (block: Directive[]): Directive[] =>
      block.flatMap((d) => {
        if (d.directive === 'include' && !d.block && d.args.length === 1) {
          const arg = d.args[0] as string;
          const at = positions.get(d);
          const pattern = isAbsolute(arg) ? arg : join(confDir, arg);
          return expand(pattern).flatMap((f) => load(f, [...chain, path], at));
        }
        if (d.block) d.block = splice(d.block);
        return [d];
      });
    return splice(config);
  };
  return { config: load(file, []), positions, files };
}
