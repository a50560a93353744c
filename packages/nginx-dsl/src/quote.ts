/**
 * Quoting that nginx's tokenizer (ngx_conf_read_token) reads back exactly.
 *
 * nginx unescapes only \" \' \\ \t \r \n (in and out of quotes) and keeps any other
 * backslash as is; a backslash also hides the next character from the tokenizer. So a
 * backslash must be doubled when it precedes one of those letters, or ends the value.
 */

/** Longest token (in bytes, quotes included) we emit: nginx's conf buffer is 4096 bytes. */
export const MAX_TOKEN_BYTES = 4000;

const BARE = /^[A-Za-z0-9_\-./:=,+*@%~!?^&|<>[\]()$\\\u0080-\u{10ffff}]+$/u;

/** Why `value` cannot be written to an nginx file at all, or undefined if it can. */
export function unrepresentable(value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return 'contains a NUL character, which nginx cannot read';
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) {
      return `contains the control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'contains an unpaired UTF-16 surrogate, which has no UTF-8 form';
    }
    if (c >= 0xdc00 && c <= 0xdfff)
      return 'contains an unpaired UTF-16 surrogate, which has no UTF-8 form';
  }
  return undefined;
}

/** What follows a backslash that nginx would read as an escape, once we have written it. */
const ESCAPE_START = new Set(['"', "'", '\\', 't', 'r', 'n', '\t', '\r', '\n']);

function backslashNeedsDoubling(value: string, i: number): boolean {
  const next = value[i + 1];
  return next === undefined || ESCAPE_START.has(next);
}

function canBeBare(value: string): boolean {
  if (!BARE.test(value)) return false;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '\\' && backslashNeedsDoubling(value, i)) return false;
  }
  return true;
}

/**
 * The token text for `value`. Callers must have checked `unrepresentable(value)`.
 * `forceQuotes` is used for directive names that would otherwise read as `#`.
 */
export function quote(value: string): string {
  if (value !== '' && value !== '#' && canBeBare(value)) return value;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += backslashNeedsDoubling(value, i) ? '\\\\' : '\\';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      default:
        out += ch;
    }
  }
  return `${out}"`;
}

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
