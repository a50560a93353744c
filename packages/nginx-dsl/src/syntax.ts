/**
 * Argument counts from the syntax lines of nginx's directive reference, e.g.
 * `[ = | ~ | ~* | ^~ ] uri {...}` -> 1..2 arguments. `|` binds loosest, `[...]` is
 * optional, `...` repeats what precedes it; brackets glued to a word (`address[:port]`)
 * stay inside that one argument.
 */
export interface Arity {
  min: number;
  max: number;
}

const ENTITIES: Record<string, string> = {
  '&hellip;': '...',
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
};

export function syntaxText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z]+;/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

function lex(text: string): string[] {
  let s = text.replace(/\{\.\.\.\}/g, ' ');
  // Remove bracket groups glued to the previous character: they are part of one word.
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(/([^\s[|])\[[^\s[\]]*\]/g, '$1');
  }
  return s
    .replace(/([[\]|])/g, ' $1 ')
    .split(/\s+/)
    .filter(Boolean);
}

function parseAlt(tokens: string[], pos: { i: number }): Arity {
  let result = parseSeq(tokens, pos);
  while (tokens[pos.i] === '|') {
    pos.i++;
    const other = parseSeq(tokens, pos);
    result = { min: Math.min(result.min, other.min), max: Math.max(result.max, other.max) };
  }
  return result;
}

function parseSeq(tokens: string[], pos: { i: number }): Arity {
  const total = { min: 0, max: 0 };
  while (pos.i < tokens.length && tokens[pos.i] !== '|' && tokens[pos.i] !== ']') {
    const t = tokens[pos.i] as string;
    let item: Arity;
    if (t === '[') {
      pos.i++;
      const inner = parseAlt(tokens, pos);
      if (tokens[pos.i] === ']') pos.i++;
      item = { min: 0, max: inner.max };
    } else if (t === '...') {
      pos.i++;
      total.max = Infinity;
      continue;
    } else {
      pos.i++;
      item = t.endsWith('...') ? { min: 1, max: Infinity } : { min: 1, max: 1 };
    }
    total.min += item.min;
    total.max += item.max;
  }
  return total;
}

export function arityOf(html: string): Arity {
  const tokens = lex(syntaxText(html));
  return parseAlt(tokens, { i: 0 });
}
