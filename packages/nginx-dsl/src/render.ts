import { NginxDslError, type Problem } from './errors.js';
import { joinPath, segment } from './path.js';
import { MAX_TOKEN_BYTES, quote, unrepresentable, utf8Length } from './quote.js';
import { isComment, type Config, type Directive } from './types.js';
import { isLuaBlock, luaBlockEnd } from './lua.js';

/** Directives whose values become HTTP header text: a CR or LF there would split the response. */
const HEADER_VALUED = new Set([
  'add_header',
  'add_trailer',
  'proxy_set_header',
  'grpc_set_header',
  'fastcgi_param',
  'uwsgi_param',
  'scgi_param',
  'more_set_headers',
]);

const INDENT = '    ';

function checkToken(
  value: string,
  what: string,
  path: string,
  problems: Problem[],
): string | undefined {
  const why = unrepresentable(value);
  if (why) {
    problems.push({ path, message: `${what} ${why}`, fix: 'remove the character from the value' });
    return undefined;
  }
  const token = quote(value);
  if (utf8Length(token) > MAX_TOKEN_BYTES) {
    problems.push({
      path,
      message: `${what} is ${utf8Length(token)} bytes; nginx reads at most ${MAX_TOKEN_BYTES} per token`,
      fix: 'shorten the value or move it to an included file',
    });
    return undefined;
  }
  return token;
}

function checkComment(text: string, path: string, problems: Problem[]): string | undefined {
  if (/[\r\n]/.test(text)) {
    problems.push({
      path,
      message: 'comment contains a line break, which would end the comment',
      fix: 'use one comment per line',
    });
    return undefined;
  }
  const why = unrepresentable(text);
  if (why) {
    problems.push({
      path,
      message: `comment ${why}`,
      fix: 'remove the character from the comment',
    });
    return undefined;
  }
  return `#${text}`;
}

/**
 * `if` args are stored without their parentheses (as crossplane does). nginx strips one
 * `(` from the first token and one `)` from the last, or accepts them as tokens of
 * their own, which is how they are written next to a quoted argument.
 */
function ifCondition(args: string[], path: string, problems: Problem[]): string {
  const tokens = args.map(
    (a, i) => checkToken(a, `if condition argument ${i + 1}`, path, problems) ?? '',
  );
  if (tokens.length === 0) return '()';
  const quoted = tokens.map((t) => t.startsWith('"'));
  const last = tokens.length - 1;
  tokens[0] = quoted[0] ? `( ${tokens[0]}` : `(${tokens[0]}`;
  tokens[last] = quoted[last] ? `${tokens[last]} )` : `${tokens[last]})`;
  return tokens.join(' ');
}

function renderBlock(
  block: readonly Directive[],
  depth: number,
  parent: string,
  problems: Problem[],
  out: string[],
): void {
  const pad = INDENT.repeat(depth);
  block.forEach((d, i) => {
    const path = joinPath(parent, segment(block, i));
    if (isComment(d)) {
      const c = checkComment(d.comment ?? '', path, problems);
      if (c !== undefined) out.push(`${pad}${c}`);
      return;
    }
    const prev = block[i - 1];
    if (d.block && prev && !isComment(prev)) out.push('');
    const name = checkToken(d.directive, 'directive name', path, problems);
    if (d.directive === '' && depth === 0) {
      problems.push({ path, message: 'directive name is empty', fix: 'name the directive' });
    }
    if (HEADER_VALUED.has(d.directive)) {
      d.args.forEach((a, j) => {
        if (/[\r\n]/.test(a)) {
          problems.push({
            path,
            message: `argument ${j + 1} contains CR or LF, which would split the HTTP header`,
            fix: 'remove line breaks from header names and values',
          });
        }
      });
    }
    if (isLuaBlock(d.directive) && !d.block) {
      const code = d.args.at(-1) ?? '';
      // The body is written verbatim: it must end exactly where its braces say.
      if (luaBlockEnd(`{${code}}`, 0) !== code.length + 2)
        problems.push({
          path,
          message: 'the Lua code has unbalanced braces (outside strings and comments)',
          fix: 'balance the braces of the Lua code',
        });
      const head = [name ?? '', ...d.args.slice(0, -1)].join(' ');
      out.push(`${pad}${head} {${code}}`);
      return;
    }
    const args =
      d.directive === 'if' && d.block
        ? [ifCondition(d.args, path, problems)]
        : d.args.map((a, j) => checkToken(a, `argument ${j + 1}`, path, problems) ?? '');
    const head = [name ?? '', ...args].join(' ');
    const trailer = d.comment !== undefined ? checkComment(d.comment, path, problems) : undefined;
    const suffix = trailer !== undefined ? ` ${trailer}` : '';
    if (d.block) {
      out.push(`${pad}${head} {${suffix}`);
      renderBlock(d.block, depth + 1, path, problems, out);
      out.push(`${pad}}`);
    } else {
      out.push(`${pad}${head};${suffix}`);
    }
  });
}

/**
 * Canonical nginx text for `config`. nginx tokenizes the result back into exactly the
 * same directives and args; a value that cannot be written safely throws
 * `NginxDslError` listing every such value with its path.
 */
export function render(config: Config): string {
  const problems: Problem[] = [];
  const out: string[] = [];
  renderBlock(config, 0, '', problems, out);
  if (problems.length > 0) throw new NginxDslError(problems);
  return out.length ? `${out.join('\n')}\n` : '';
}
