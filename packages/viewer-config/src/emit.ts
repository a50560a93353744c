import type { AppConfig } from './app-config.js';
import { AppConfigError, joinPath, type Problem } from './problems.js';
import { isRawJs, wrappedRawJs } from './raw-js.js';
import { validateAppConfig } from './validation.js';

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isRegExp(v: unknown): v is RegExp {
  return Object.prototype.toString.call(v) === '[object RegExp]';
}

/** JS source for `value`; collects what cannot be written (functions, NaN, ...) in `issues`. */
function toJs(value: unknown, path: string, issues: Problem[]): string {
  if (isRawJs(value)) return wrappedRawJs(value.code);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (Number.isFinite(value)) return Object.is(value, -0) ? '-0' : String(value);
      issues.push({
        path,
        message: `${value} cannot be written to a config file`,
        fix: 'use a finite number',
      });
      return 'null';
    case 'function':
      issues.push({
        path,
        message: 'is a function',
        fix: "pass its source as rawJs('(...) => ...') so it is written on purpose",
      });
      return 'null';
    case 'object':
      break;
    default:
      issues.push({
        path,
        message: `a ${typeof value} cannot be written to a config file`,
        fix: 'remove it',
      });
      return 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => (v === undefined ? (issues.push({ path: joinPath(path, i), message: 'is undefined', fix: 'remove the entry or use null' }), 'null') : toJs(v, joinPath(path, i), issues))).join(', ')}]`;
  }
  if (isRegExp(value))
    return `new RegExp(${JSON.stringify(value.source)}, ${JSON.stringify(value.flags)})`;
  if (!isPlainObject(value)) {
    issues.push({
      path,
      message: 'is not a plain object',
      fix: 'use plain objects, arrays, strings, numbers and booleans',
    });
    return 'null';
  }
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    // `__proto__: x` in a literal sets the prototype; a computed key makes an own property.
    .map(
      ([k, v]) =>
        `${k === '__proto__' ? `[${JSON.stringify(k)}]` : JSON.stringify(k)}: ${toJs(v, joinPath(path, k), issues)}`,
    );
  return `{${entries.join(', ')}}`;
}

/** prettier is an optional peer: only writing app-config.js files needs it. */
async function prettier(): Promise<typeof import('prettier')> {
  try {
    return await import('prettier');
  } catch {
    throw new AppConfigError([
      {
        path: '',
        message: 'toAppConfigJs formats its output with prettier, which is not installed',
        fix: 'npm install prettier@3',
      },
    ]);
  }
}

export interface EmitOptions {
  /** A comment put at the top of the file (each line prefixed with `// `). */
  banner?: string;
  /** Run `validateAppConfig` first and throw on any issue (default true). */
  validate?: boolean;
}

/**
 * `window.config = {...};` formatted by prettier. Deterministic: the same config gives the
 * same bytes. Functions are written only as `rawJs()`; everything else must be plain data.
 */
export async function toAppConfigJs(config: AppConfig, options: EmitOptions = {}): Promise<string> {
  if (options.validate !== false) {
    const problems = validateAppConfig(config);
    if (problems.length > 0) throw new AppConfigError(problems);
  }
  const issues: Problem[] = [];
  const body = toJs(config, '', issues);
  if (issues.length > 0) throw new AppConfigError(issues);
  const banner = options.banner
    ? `${options.banner
        .split('\n')
        .map((l) => `// ${l}`.trimEnd())
        .join('\n')}\n`
    : '';
  return (await prettier()).format(`${banner}window.config = ${body};\n`, {
    parser: 'babel',
    singleQuote: true,
    printWidth: 100,
    trailingComma: 'all',
  });
}
