import type { Directive } from '../types.js';
import { analyseRegex, type CaptureGroup } from './regex.js';
import type { Visit } from './types.js';

/**
 * What a variable can hold at a directive, traced as nginx evaluates it: through `set`,
 * `map` (with captures of regex keys) and regex captures (numbered and named) of the
 * location, `rewrite`, `if` or `server_name` that ran before.
 */
export interface Taint {
  /** The client chooses (part of) the value. */
  user: boolean;
  /** It can hold a line feed (decoded from %0a), so it can split a header or request. */
  newline: boolean;
  /** It always starts with "/" (so it ends the host part of a URL). */
  slashFirst: boolean;
  /** The request variables it comes from, for messages: `$uri`, `$http_origin`. */
  sources: string[];
}

const CLEAN: Taint = { user: false, newline: false, slashFirst: false, sources: [] };

/** Request data decoded from %XX: CR/LF arrive intact. */
const DECODED = /^(uri|document_uri|request_filename|fastcgi_path_info|request_body)$/;
const SLASH_FIRST = /^(uri|document_uri|request_uri|request_filename)$/;
/** Request data nginx passes raw or validated: the client chooses it, but without line breaks. */
const RAW =
  /^(request_uri|args|query_string|arg_.+|http_.+|cookie_.+|host|request|request_method|content_type|content_length|remote_user)$/;

function builtinTaint(name: string): Taint {
  const lower = name.toLowerCase();
  const decoded = DECODED.test(lower);
  if (!decoded && !RAW.test(lower)) return CLEAN;
  return {
    user: true,
    newline: decoded,
    slashFirst: SLASH_FIRST.test(lower),
    sources: [`$${lower}`],
  };
}

/** An nginx value split into literal text and variable references (`$1` is one digit). */
export type Part = { text: string } | { variable: string };

export function parts(value: string): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of value.matchAll(/\$(?:\{([A-Za-z0-9_]+)\}|(\d)|([A-Za-z_][A-Za-z0-9_]*))/g)) {
    if (m.index > last) out.push({ text: value.slice(last, m.index) });
    out.push({ variable: (m[1] ?? m[2] ?? m[3]) as string });
    last = m.index + m[0].length;
  }
  if (last < value.length) out.push({ text: value.slice(last) });
  return out;
}

function union(taints: readonly Taint[], first?: Taint): Taint {
  return {
    user: taints.some((t) => t.user),
    newline: taints.some((t) => t.newline),
    slashFirst: first?.slashFirst ?? false,
    sources: [...new Set(taints.flatMap((t) => t.sources))],
  };
}

/** A variable's name as a directive argument writes it: `$name` or `${name}`. */
export const varName = (arg: string): string => arg.replace(/^\$\{?|\}$/g, '');

/** A map entry's key when it is a regex (`~re`, `~*re` caseless). */
export function mapKeyRegex(entry: Directive): { regex: string; caseless: boolean } | undefined {
  if (!entry.directive.startsWith('~')) return undefined;
  return {
    regex: entry.directive.replace(/^~\*?/, ''),
    caseless: entry.directive.startsWith('~*'),
  };
}

/** A capture group of a regex that ran on a subject, which a directive may read. */
interface RegexRun {
  group: CaptureGroup;
  subject: Taint;
}

const REGEX_OPS = new Set(['~', '~*', '!~', '!~*']);
const isCapture = (name: string): boolean => /^\d$/.test(name);

/** `if ($var ~ regex)`: the variable and regex when the condition is a regex match. */
export function ifRegex(d: Directive): { variable: string; op: string; regex: string } | undefined {
  if (d.directive !== 'if' || d.args.length !== 3) return undefined;
  const [variable, op, regex] = d.args as [string, string, string];
  if (!REGEX_OPS.has(op) || !variable.startsWith('$')) return undefined;
  return { variable: varName(variable), op, regex };
}

function locationRegex(d: Directive): string | undefined {
  if (d.directive !== 'location') return undefined;
  const [first, second] = d.args;
  return (first === '~' || first === '~*') && second !== undefined ? second : undefined;
}

/** How a value's variables are read: `set` and `rewrite` copy numbered captures URL-escaped. */
export interface ReadAs {
  escapesCaptures: boolean;
}

/** One Values per lint call: every rule gets the same visits array. */
const perVisits = new WeakMap<readonly Visit[], Values>();

export class Values {
  private readonly maps = new Map<string, Directive>();

  /** The Values of a configuration's visits, made once however many rules ask. */
  static of(visits: readonly Visit[]): Values {
    let v = perVisits.get(visits);
    if (!v) perVisits.set(visits, (v = new Values(visits)));
    return v;
  }

  private constructor(visits: readonly Visit[]) {
    for (const { node } of visits) {
      if (node.directive === 'map' && node.block && node.args[1]?.startsWith('$'))
        this.maps.set(varName(node.args[1]), node);
    }
  }

  /** The `map` block defining a variable, if any. */
  mapOf(name: string): Directive | undefined {
    return this.maps.get(name);
  }

  /** `set $name ...` directives visible at a directive: in its blocks and their `if` blocks. */
  setsOf(name: string, at: Visit): Array<{ set: Directive; ancestors: readonly Directive[] }> {
    const out: Array<{ set: Directive; ancestors: readonly Directive[] }> = [];
    const chain = at.node.block ? [...at.ancestors, at.node] : at.ancestors;
    chain.forEach((block, i) => {
      const ancestors = chain.slice(0, i + 1);
      for (const c of block.block ?? []) {
        if (c.directive === 'set' && varName(c.args[0] ?? '') === name)
          out.push({ set: c, ancestors });
        if (c.directive === 'if' && c !== at.node && !at.ancestors.includes(c)) {
          for (const s of c.block ?? [])
            if (s.directive === 'set' && varName(s.args[0] ?? '') === name)
              out.push({ set: s, ancestors: [...ancestors, c] });
        }
      }
    });
    return out;
  }

  /** The regexes whose captures `ref` (a digit or a name) can read at a directive. */
  regexRuns(ref: string, at: Visit, seen: Set<string>): RegexRun[] {
    const runs: RegexRun[] = [];
    const uri = builtinTaint('uri');
    const add = (regex: string, subject: Taint): boolean => {
      const group = analyseRegex(regex).group(ref);
      if (group) runs.push({ group, subject });
      return group !== undefined;
    };
    // A rewrite reads its own captures.
    if (at.node.directive === 'rewrite' && add(at.node.args[0] ?? '', uri)) return runs;
    const chain = [...at.ancestors];
    let child: Directive = at.node;
    for (let i = chain.length - 1; i >= 0; i--) {
      const block = chain[i] as Directive;
      const siblings = block.block ?? [];
      // The last rewrite before us in this block ran after the enclosing regexes.
      const before = siblings.slice(0, Math.max(0, siblings.indexOf(child)));
      const rewrite = [...before].reverse().find((s) => s.directive === 'rewrite');
      if (rewrite && add(rewrite.args[0] ?? '', uri) && isCapture(ref)) return runs;
      const cond = ifRegex(block);
      if (cond) {
        const subject = this.variable(cond.variable, { ...at, ancestors: chain.slice(0, i) }, seen);
        if (add(cond.regex, subject) && isCapture(ref)) return runs;
      }
      const loc = locationRegex(block);
      if (loc !== undefined && add(loc, uri) && isCapture(ref)) return runs;
      if (block.directive === 'server') {
        for (const sn of siblings.filter((s) => s.directive === 'server_name'))
          for (const name of sn.args)
            if (name.startsWith('~')) add(name.slice(1), builtinTaint('host'));
      }
      child = block;
    }
    // Named captures of map keys are set wherever the map is evaluated.
    if (!isCapture(ref)) {
      for (const map of this.maps.values()) {
        // Only keys that name this capture: what the map reads is asked only for those.
        const keys = (map.block ?? [])
          .flatMap((e) => mapKeyRegex(e) ?? [])
          .filter((k) => analyseRegex(k.regex).group(ref) !== undefined);
        if (keys.length === 0) continue;
        const subject = this.variable(varName(map.args[0] ?? ''), at, seen);
        for (const k of keys) add(k.regex, subject);
      }
    }
    return runs;
  }

  private capture(ref: string, { group, subject }: RegexRun, readAs: ReadAs): Taint {
    const escaped = readAs.escapesCaptures && isCapture(ref);
    return {
      user: subject.user,
      newline: subject.newline && group.newline && !escaped,
      slashFirst: group.slashFirst,
      sources: subject.sources,
    };
  }

  /** What variable `name` can hold when the directive at `at` reads it. */
  variable(name: string, at: Visit, seen = new Set<string>(), readAs?: ReadAs): Taint {
    const key = `${name}@${at.ancestors.length}`;
    if (seen.has(key)) return CLEAN;
    seen.add(key);
    try {
      const found: Taint[] = [];
      const runs = this.regexRuns(name, at, seen);
      for (const run of runs)
        found.push(this.capture(name, run, readAs ?? { escapesCaptures: false }));
      if (isCapture(name)) return union(found, found[0]);
      for (const { set, ancestors } of this.setsOf(name, at)) {
        const where: Visit = { node: set, path: at.path, ancestors };
        found.push(this.value(set.args[1] ?? '', where, seen, { escapesCaptures: true }));
      }
      const map = this.mapOf(name);
      if (map) found.push(this.mapValues(map, at, seen));
      if (found.length === 0) return builtinTaint(name);
      return union(found, found.every((f) => f.slashFirst) ? found[0] : CLEAN);
    } finally {
      seen.delete(key);
    }
  }

  /** A map's target: the union of its values, captures bound to their regex keys. */
  private mapValues(map: Directive, at: Visit, seen: Set<string>): Taint {
    let subject: Taint | undefined;
    const taints = (map.block ?? [])
      .filter((e) => !['hostnames', 'volatile', 'include'].includes(e.directive))
      .map((e) => {
        const value = e.args[0] ?? '';
        if (!value.includes('$')) return CLEAN;
        const key = mapKeyRegex(e);
        const info = key && analyseRegex(key.regex);
        subject ??= this.variable(varName(map.args[0] ?? ''), at, seen);
        const from = subject;
        return this.value(value, at, seen, { escapesCaptures: false }, (ref) => {
          const group = info?.group(ref);
          return group && this.capture(ref, { group, subject: from }, { escapesCaptures: false });
        });
      });
    return union(taints, taints.every((t) => t.slashFirst) ? taints[0] : CLEAN);
  }

  /** What a whole value (literals and variables) can hold. */
  value(
    text: string,
    at: Visit,
    seen = new Set<string>(),
    readAs: ReadAs = { escapesCaptures: false },
    captures?: (ref: string) => Taint | undefined,
  ): Taint {
    const ps = parts(text);
    const taints = ps.map((p) =>
      'text' in p
        ? { ...CLEAN, slashFirst: p.text.startsWith('/') }
        : (captures?.(p.variable) ?? this.variable(p.variable, at, seen, readAs)),
    );
    return union(taints, taints[0]);
  }
}
