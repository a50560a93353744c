// `*_by_lua_block { ... }` (OpenResty): the body is Lua, not nginx syntax. Like crossplane's
// lua extension, the parser keeps it as one opaque argument and the renderer writes it back
// between braces; only the braces that end it are found here.

/** Directives whose block is Lua code. */
export const isLuaBlock = (name: string): boolean => name.endsWith('_by_lua_block');

/** The level of a Lua long bracket starting at `i` (`[[` 0, `[==[` 2), or -1. */
function longBracket(text: string, i: number): number {
  if (text[i] !== '[') return -1;
  let j = i + 1;
  while (text[j] === '=') j++;
  return text[j] === '[' ? j - i - 1 : -1;
}

/**
 * The index just after the `}` closing a Lua body that starts after the `{` at `open`, or
 * -1 when the text ends first. Braces inside strings, long strings and comments do not count.
 */
export function luaBlockEnd(text: string, open: number): number {
  let depth = 1;
  let i = open + 1;
  const skipLong = (at: number, level: number): number => {
    const close = `]${'='.repeat(level)}]`;
    const end = text.indexOf(close, at + level + 2);
    return end === -1 ? text.length : end + close.length;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '-' && text[i + 1] === '-') {
      const level = longBracket(text, i + 2);
      if (level >= 0) i = skipLong(i + 2, level);
      else {
        const nl = text.indexOf('\n', i);
        i = nl === -1 ? text.length : nl;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    const level = longBracket(text, i);
    if (level >= 0) {
      i = skipLong(i, level);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
    i++;
  }
  return -1;
}
