import { parseExpressionAt } from 'acorn';

const RAW = Symbol.for('@ohif-recipes/viewer-config/raw-js');

/**
 * A JavaScript expression written verbatim into app-config.js: the only way functions
 * (httpErrorHandler, onConfiguration, ...) reach the emitted file.
 */
export interface RawJs {
  readonly [RAW]: true;
  readonly code: string;
}

export class RawJsError extends Error {
  override readonly name = 'RawJsError';
}

/** The code wrapped so that a trailing `//` comment cannot swallow what follows it. */
export function wrappedRawJs(code: string): string {
  return `(${code}\n)`;
}

/** Marks `code` as a JS expression; throws `RawJsError` unless it is exactly one expression. */
export function rawJs(code: string): RawJs {
  const wrapped = wrappedRawJs(code);
  let end: number;
  try {
    end = parseExpressionAt(wrapped, 0, { ecmaVersion: 'latest', preserveParens: true }).end;
  } catch (e) {
    throw new RawJsError(`raw JS is not a valid expression: ${(e as Error).message}`);
  }
  if (wrapped.slice(end).trim() !== '') {
    throw new RawJsError(
      'raw JS must be a single expression; it continues after the expression ends',
    );
  }
  return { [RAW]: true, code };
}

export function isRawJs(v: unknown): v is RawJs {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[RAW] === true;
}

/** A function-valued option: raw JS for the emitted file, or a real function in a custom build. */
export type JsFunction = RawJs | ((...args: never[]) => unknown);
