import { NginxParseError } from './errors.js';
import { tokenize, type Token } from './tokenize.js';
import type { Config, Directive } from './types.js';

type Word = Extract<Token, { kind: 'word' }>;

/**
 * Removes the parentheses nginx's `if` expects around its condition (crossplane's shape).
 * Without them nginx refuses the config ("invalid condition"), and so does this parser.
 */
function ifArgs(words: Word[], file: string): string[] {
  const ws = words.map((w) => ({ ...w }));
  const first = ws[0];
  const last = ws[ws.length - 1];
  if (!first || !last || !first.value.startsWith('(') || !last.value.endsWith(')'))
    throw new NginxParseError(
      `invalid condition in "if": it must be in parentheses, e.g. if ($slow) {`,
      words[0]?.line ?? 0,
      file,
    );
  if (!first.quoted) first.value = first.value.slice(1);
  if (!last.quoted) last.value = last.value.slice(0, -1);
  return ws
    .filter((w, i) => w.quoted || w.value !== '' || (i !== 0 && i !== ws.length - 1))
    .map((w) => w.value);
}

/**
 * Parses nginx configuration text into the crossplane-shaped AST. Comments on their own
 * line become `#` nodes; a comment after a directive on the same line is attached to it.
 * `include` is kept as a directive, not expanded. `lines`, when given, receives each
 * directive's line number (the AST itself stays crossplane-shaped).
 */
export function parse(text: string, file = '', lines?: Map<Directive, number>): Config {
  const tokens = tokenize(text, file);
  let pos = 0;

  const parseBlock = (depth: number, openLine: number): Directive[] => {
    const out: Directive[] = [];
    let lastEnd: { node: Directive; line: number } | undefined;
    while (pos < tokens.length) {
      const t = tokens[pos] as Token;
      if (t.kind === '}') {
        if (depth === 0) throw new NginxParseError('unexpected "}"', t.line, file);
        pos++;
        return out;
      }
      if (t.kind === 'comment') {
        pos++;
        if (lastEnd && lastEnd.line === t.line && lastEnd.node.comment === undefined) {
          lastEnd.node.comment = t.text;
        } else {
          out.push({ directive: '#', args: [], comment: t.text });
        }
        lastEnd = undefined;
        continue;
      }
      if (t.kind === ';' || t.kind === '{') {
        throw new NginxParseError(`unexpected "${t.kind}"`, t.line, file);
      }
      const words: Word[] = [];
      let comment: string | undefined;
      while (pos < tokens.length) {
        const w = tokens[pos] as Token;
        if (w.kind === 'word') words.push(w);
        else if (w.kind === 'comment') comment = comment === undefined ? w.text : comment;
        else break;
        pos++;
      }
      const end = tokens[pos];
      const name = words[0] as Word;
      if (end?.kind === 'lua') {
        // The Lua body is the directive's last argument (crossplane's lua extension).
        pos++;
        const node: Directive = {
          directive: name.value,
          args: [...words.slice(1).map((w) => w.value), end.code],
        };
        lines?.set(node, name.line);
        if (comment !== undefined) node.comment = comment;
        out.push(node);
        lastEnd = undefined;
        continue;
      }
      if (!end)
        throw new NginxParseError(
          `unexpected end of file, expecting ";" or "}" after "${name.value}"`,
          name.line,
          file,
        );
      if (end.kind === '}')
        throw new NginxParseError(
          `unexpected "}" after "${name.value}", expecting ";"`,
          end.line,
          file,
        );
      pos++;
      const rest = words.slice(1);
      const node: Directive = { directive: name.value, args: rest.map((w) => w.value) };
      lines?.set(node, name.line);
      if (end.kind === '{') {
        if (name.value === 'if') node.args = ifArgs(rest, file);
        if (comment !== undefined) node.comment = comment;
        // A comment right after `{` on the same line belongs to the block's directive.
        const next = tokens[pos];
        if (next?.kind === 'comment' && next.line === end.line && node.comment === undefined) {
          node.comment = next.text;
          pos++;
        }
        node.block = parseBlock(depth + 1, end.line);
        out.push(node);
        lastEnd = undefined;
      } else {
        if (comment !== undefined) node.comment = comment;
        out.push(node);
        lastEnd = { node, line: end.line };
      }
    }
    if (depth > 0)
      throw new NginxParseError('unexpected end of file, expecting "}"', openLine, file);
    return out;
  };

  return parseBlock(0, 1);
}
