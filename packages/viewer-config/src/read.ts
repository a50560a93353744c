import { createContext, runInContext } from 'node:vm';
import { rawJs, RawJsError } from './raw-js.js';

export class AppConfigReadError extends Error {
  override readonly name = 'AppConfigReadError';
}

export interface ReadOptions {
  /** Shown in error messages and stack traces. */
  filename?: string;
  /** Milliseconds the script may run (default 1000). */
  timeoutMs?: number;
}

function functionToRaw(src: string, path: string): unknown {
  // Method shorthand (`handler(e) {}`) is not an expression on its own; `function handler(e) {}` is.
  const async = src.startsWith('async ') ? 'async ' : '';
  for (const candidate of [src, `${async}function ${src.slice(async.length)}`]) {
    try {
      return rawJs(candidate);
    } catch (e) {
      if (!(e instanceof RawJsError)) throw e;
    }
  }
  throw new AppConfigReadError(`${path}: a function whose source cannot be kept as an expression`);
}

/**
 * Runs inside the sandbox (under the same timeout) and flattens window.config into tagged
 * tuples, so no getter or proxy of the script runs later in the host.
 */
const FLATTEN = `(function flatten(v, depth) {
  if (depth > 64) throw new Error('window.config is nested more than 64 levels deep');
  if (typeof v === 'function') return ['fn', Function.prototype.toString.call(v)];
  if (typeof v !== 'object' || v === null) return ['val', v];
  if (Array.isArray(v)) return ['arr', v.map(function (x) { return flatten(x, depth + 1); })];
  if (Object.prototype.toString.call(v) === '[object RegExp]') return ['re', v.source, v.flags];
  return ['obj', Object.keys(v).map(function (k) { return [k, flatten(v[k], depth + 1)]; })];
})(globalThis.config, 0)`;

type Flat =
  | ['fn', string]
  | ['val', unknown]
  | ['arr', Flat[]]
  | ['re', string, string]
  | ['obj', Array<[string, Flat]>];

/** Rebuilds the value from host-realm objects; functions become rawJs(source). */
function adopt(flat: Flat, path: string): unknown {
  switch (flat[0]) {
    case 'fn':
      return functionToRaw(flat[1], path);
    case 'val':
      return flat[1];
    case 'arr':
      // Array.from on the host's Array: the sandbox's `map` would make a sandbox-realm array.
      return Array.from(flat[1], (v, i) => adopt(v, `${path}[${i}]`));
    case 're':
      return new RegExp(flat[1], flat[2]);
    case 'obj': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Array.from(flat[1])) {
        Object.defineProperty(out, k, {
          value: adopt(v, path ? `${path}.${k}` : k),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
  }
}

/**
 * Runs an app-config script (OHIF's docker configs, our own output) in an isolated
 * `node:vm` context with no access to the host (no require, process or timers; string
 * code generation off) and returns the `window.config` it sets.
 */
export function readAppConfigJs(text: string, options: ReadOptions = {}): Record<string, unknown> {
  const filename = options.filename ?? 'app-config.js';
  const context = createContext(Object.create(null), {
    codeGeneration: { strings: false, wasm: false },
  });
  try {
    runInContext('globalThis.window = globalThis; globalThis.self = globalThis;', context);
    runInContext(text, context, { filename, timeout: options.timeoutMs ?? 1000 });
  } catch (e) {
    const err = e as Error;
    const where =
      /\n\s*at .*?:(\d+):\d+/.exec(err.stack ?? '') ??
      new RegExp(`${filename}:(\\d+)`).exec(err.stack ?? '');
    throw new AppConfigReadError(
      `${filename}${where ? `:${where[1]}` : ''}: ${err.name ?? 'Error'}: ${err.message}`,
    );
  }
  let flat: Flat;
  try {
    flat = runInContext(FLATTEN, context, { timeout: options.timeoutMs ?? 1000 }) as Flat;
  } catch (e) {
    throw new AppConfigReadError(
      `${filename}: window.config cannot be read: ${(e as Error).message}`,
    );
  }
  if (flat[0] !== 'obj')
    throw new AppConfigReadError(`${filename}: the script did not set window.config to an object`);
  return adopt(flat, '') as Record<string, unknown>;
}
