import { NginxParseError } from './errors.js';
import { isLuaBlock, luaBlockEnd } from './lua.js';

export type Token =
  | { kind: 'word'; value: string; quoted: boolean; line: number }
  | { kind: ';' | '{' | '}'; line: number }
  | { kind: 'comment'; text: string; line: number }
  /** The body of a `*_by_lua_block`, verbatim (it ends the directive as `;` would). */
  | { kind: 'lua'; code: string; line: number };

const SPACE = new Set([' ', '\t', '\r', '\n']);

/** nginx's unescaping of a token body: only \" \' \\ \t \r \n are escapes. */
function unescape(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '\\') {
      const next = raw[i + 1];
      if (next === '"' || next === "'" || next === '\\') {
        out += next;
        i++;
        continue;
      }
      if (next === 't' || next === 'r' || next === 'n') {
        out += next === 't' ? '\t' : next === 'r' ? '\r' : '\n';
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

/**
 * Splits nginx configuration text into tokens following the state machine of
 * ngx_conf_read_token (quotes, backslash, `${` inside bare words, `#` comments).
 */
export function tokenize(text: string, file = ''): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  const fail = (msg: string, at = line): never => {
    throw new NginxParseError(msg, at, file);
  };
  while (i < n) {
    const ch = text[i] as string;
    if (SPACE.has(ch)) {
      if (ch === '\n') line++;
      i++;
      continue;
    }
    if (ch === ';' || ch === '{' || ch === '}') {
      tokens.push({ kind: ch, line });
      i++;
      continue;
    }
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      tokens.push({ kind: 'comment', text: text.slice(i + 1, stop).replace(/\r$/, ''), line });
      i = stop;
      continue;
    }
    const startLine = line;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n && text[j] !== ch) {
        if (text[j] === '\\') j++;
        if (text[j] === '\n') line++;
        j++;
      }
      if (j >= n) fail(`unterminated ${ch === '"' ? 'double' : 'single'} quote`, startLine);
      tokens.push({
        kind: 'word',
        value: unescape(text.slice(i + 1, j)),
        quoted: true,
        line: startLine,
      });
      i = j + 1;
      const after = text[i];
      // nginx demands a separator right after a closing quote; `)` is allowed for `if`.
      if (
        after !== undefined &&
        !SPACE.has(after) &&
        after !== ';' &&
        after !== '{' &&
        after !== ')'
      ) {
        fail(`unexpected "${after}" after a quoted string`);
      }
      continue;
    }
    let j = i;
    let variable = false;
    while (j < n) {
      const c = text[j] as string;
      if (c === '\\') {
        if (text[j + 1] === '\n') line++;
        j += 2;
        variable = false;
        continue;
      }
      if (c === '{' && variable) {
        j++;
        variable = false;
        continue;
      }
      variable = c === '$';
      if (SPACE.has(c) || c === ';' || c === '{') break;
      j++;
    }
    if (j > n) fail('a backslash ends the file');
    const value = unescape(text.slice(i, j));
    const prev = tokens[tokens.length - 1];
    const startsStatement = !prev || prev.kind !== 'word';
    tokens.push({ kind: 'word', value, quoted: false, line: startLine });
    i = j;
    if (startsStatement && isLuaBlock(value)) {
      while (i < n && SPACE.has(text[i] as string)) if (text[i++] === '\n') line++;
      if (text[i] !== '{') fail(`"${value}" needs a { ... } block of Lua code`);
      const end = luaBlockEnd(text, i);
      if (end === -1) fail(`the Lua block of "${value}" has no closing "}"`, startLine);
      const code = text.slice(i + 1, end - 1);
      tokens.push({ kind: 'lua', code, line });
      line += code.split('\n').length - 1;
      i = end;
    }
  }
  return tokens;
}
