/**
 * Just enough of PCRE to answer what the lint rules ask of a regex nginx runs: which capture
 * groups exist (numbered and named), whether a group can capture a line feed, and whether it
 * always starts with "/". Anything not understood is treated as "can match anything".
 */

export interface CaptureGroup {
  index: number;
  name?: string;
  /** The group can capture a line feed (so the capture can split a header). */
  newline: boolean;
  /** Every capture of the group starts with "/" (so it ends a URL's host part). */
  slashFirst: boolean;
}

export interface RegexInfo {
  groups: CaptureGroup[];
  /** The groups by number and by name (`1`, `name`). */
  group(ref: string): CaptureGroup | undefined;
}

/**
 * Escapes that match a line feed. `\N`, `\S`, `\d`, `\w`, `\h` do not; Unicode properties
 * (`\p{..}`, `\P{..}`) are assumed to, since some (`\p{Cc}`) do.
 */
const NEWLINE_ESCAPES = new Set(['n', 's', 'v', 'R', 'W', 'D', 'H', 'V', 'p', 'P', 'X', 'C']);
/** POSIX classes that contain a line feed. */
const NEWLINE_POSIX = /^\^|^(space|cntrl|ascii)$/;

interface Open {
  group?: CaptureGroup;
  /** Inside a lookaround: atoms here consume nothing. */
  lookaround: boolean;
  dotall: boolean;
  /** Where the group's own text starts. */
  start: number;
}

/** The code point of a `\x..`, `\x{..}`, `\0..` or `\cX` escape at `i` (after the backslash). */
function escapedCode(src: string, i: number): { code?: number; end: number } {
  const c = src[i];
  if (c === 'x') {
    const braced = /^\{([0-9a-fA-F]+)\}/.exec(src.slice(i + 1));
    if (braced) return { code: parseInt(braced[1] as string, 16), end: i + 1 + braced[0].length };
    const hex = /^[0-9a-fA-F]{1,2}/.exec(src.slice(i + 1));
    return { code: hex ? parseInt(hex[0], 16) : 0, end: i + 1 + (hex?.[0].length ?? 0) };
  }
  if (c === '0') {
    const oct = /^[0-7]{0,2}/.exec(src.slice(i + 1)) as RegExpExecArray;
    return { code: parseInt(`0${oct[0]}`, 8), end: i + 1 + oct[0].length };
  }
  if (c === 'c') return { code: (src.charCodeAt(i + 1) ^ 0x40) & 0x7f, end: i + 2 };
  if (c === 'n') return { code: 10, end: i + 1 };
  return { end: i + 1 };
}

/** Parses a bracket class at `start` ("["); returns whether it can match LF and where it ends. */
function bracketClass(src: string, start: number): { newline: boolean; end: number } {
  let i = start + 1;
  const negated = src[i] === '^';
  if (negated) i++;
  let hasNewline = false;
  let first = true;
  while (i < src.length && (src[i] !== ']' || first)) {
    first = false;
    let code: number;
    if (src.startsWith('[:', i)) {
      const end = src.indexOf(':]', i);
      const name = src.slice(i + 2, end < 0 ? src.length : end);
      if (NEWLINE_POSIX.test(name)) hasNewline = true;
      i = end < 0 ? src.length : end + 2;
      continue;
    }
    if (src[i] === '\\') {
      const e = src[i + 1] ?? '';
      if (/[sSdDwWhHvVpPR]/.test(e)) {
        if (NEWLINE_ESCAPES.has(e)) hasNewline = true;
        i +=
          e === 'p' || e === 'P' ? (src[i + 2] === '{' ? src.indexOf('}', i) + 1 : i + 3) - i : 2;
        continue;
      }
      const esc = escapedCode(src, i + 1);
      code = esc.code ?? src.charCodeAt(i + 1);
      i = esc.end;
    } else {
      code = src.charCodeAt(i);
      i++;
    }
    if (src[i] === '-' && src[i + 1] !== ']' && i + 1 < src.length) {
      // A range: the low end is `code`, read the high end.
      let high: number;
      if (src[i + 1] === '\\') {
        const esc = escapedCode(src, i + 2);
        high = esc.code ?? src.charCodeAt(i + 2);
        i = esc.end;
      } else {
        high = src.charCodeAt(i + 1);
        i += 2;
      }
      if (code <= 10 && high >= 10) hasNewline = true;
      continue;
    }
    if (code === 10) hasNewline = true;
  }
  const end = i + 1;
  return { newline: negated ? !hasNewline : hasNewline, end };
}

/** Whether a group's text has a `|` outside any nested group or class. */
function topLevelAlternation(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') i = bracketClass(text, i).end - 1;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** Patterns already analysed: the rules ask about the same few many times over. */
const analysed = new Map<string, RegexInfo>();

/** Capture groups of a PCRE pattern as nginx compiles it (no DOTALL unless `(?s)`). */
export function analyseRegex(source: string): RegexInfo {
  let info = analysed.get(source);
  if (!info) analysed.set(source, (info = analyse(source)));
  return info;
}

function analyse(source: string): RegexInfo {
  const groups: CaptureGroup[] = [];
  const stack: Open[] = [{ lookaround: false, dotall: false, start: 0 }];
  const top = (): Open => stack[stack.length - 1] as Open;
  const atom = (newline: boolean): void => {
    if (!newline || stack.some((o) => o.lookaround)) return;
    for (const o of stack) if (o.group) o.group.newline = true;
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      const e = source[i + 1] ?? '';
      if (e === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        atom(source.slice(i + 2, end < 0 ? source.length : end).includes('\n'));
        i = end < 0 ? source.length : end + 2;
      } else if (/[pP]/.test(e)) {
        atom(true);
        i = source[i + 2] === '{' ? source.indexOf('}', i) + 1 : i + 3;
      } else if (/[a-zA-Z]/.test(e) && e !== 'x' && e !== 'c') {
        atom(NEWLINE_ESCAPES.has(e));
        i += 2;
      } else {
        const esc = escapedCode(source, i + 1);
        atom(esc.code === 10);
        i = esc.end;
      }
      continue;
    }
    if (c === '[') {
      const cls = bracketClass(source, i);
      atom(cls.newline);
      i = cls.end;
      continue;
    }
    if (c === '(') {
      const rest = source.slice(i + 1);
      const named = /^\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/.exec(rest);
      const flags = /^\?([a-zA-Z]*)(?:-([a-zA-Z]*))?(:|\))/.exec(rest);
      const look = /^\?(?:=|!|<=|<!)/.exec(rest);
      const outer = top();
      if (named || rest[0] !== '?') {
        const group: CaptureGroup = { index: groups.length + 1, newline: false, slashFirst: false };
        const name = named?.[1] ?? named?.[2];
        if (name !== undefined) group.name = name;
        groups.push(group);
        i += 1 + (named?.[0].length ?? 0);
        stack.push({ group, lookaround: false, dotall: outer.dotall, start: i });
      } else if (flags && !look) {
        const dotall = flags[1]?.includes('s')
          ? true
          : flags[2]?.includes('s')
            ? false
            : outer.dotall;
        i += 1 + flags[0].length;
        if (flags[3] === ')') outer.dotall = dotall;
        else stack.push({ lookaround: false, dotall, start: i });
      } else {
        // Lookarounds consume nothing; `(?>`, `(?|`, comments: a plain group is close enough.
        i += 1 + (look?.[0].length ?? 2);
        stack.push({ lookaround: look !== null, dotall: outer.dotall, start: i });
      }
      continue;
    }
    if (c === ')' && stack.length > 1) {
      const closed = stack.pop() as Open;
      if (closed.group) {
        const text = source.slice(closed.start, i);
        closed.group.slashFirst = /^\\?\/(?![?*]|\{0)/.test(text) && !topLevelAlternation(text);
      }
      i++;
      continue;
    }
    if (c === '{' && /^\{\d*(,\d*)?\}/.test(source.slice(i))) {
      i = source.indexOf('}', i) + 1;
      continue;
    }
    if (c === '.') atom(top().dotall);
    else if (!/[*+?^$|)]/.test(c)) atom(c === '\n');
    i++;
  }
  return {
    groups,
    group: (ref) =>
      /^\d+$/.test(ref) ? groups[Number(ref) - 1] : groups.find((g) => g.name === ref),
  };
}

/**
 * The pattern as a JavaScript RegExp, for probing it with attack strings; undefined when it
 * uses PCRE syntax JavaScript lacks (the caller then reports nothing rather than guess).
 */
export function toJsRegExp(source: string, caseless: boolean): RegExp | undefined {
  let flags = caseless ? 'i' : '';
  let body = source
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$');
  const lead = /^\(\?([imsx]+)\)/.exec(body);
  if (lead) {
    if ((lead[1] as string).includes('i')) flags += caseless ? '' : 'i';
    if ((lead[1] as string).includes('s')) flags += 's';
    body = body.slice(lead[0].length);
  }
  try {
    return new RegExp(body, flags);
  } catch {
    return undefined;
  }
}
