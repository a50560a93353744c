import { defaultCatalog, FREE_FORM_BLOCKS, type Catalog, type CatalogEntry } from './catalog.js';
import { NginxDslError, type Problem } from './errors.js';
import { joinPath, segment } from './path.js';
import { isComment, type Config, type Directive } from './types.js';

export interface ValidateOptions {
  catalog?: Catalog;
  /** Where the config will be included: `main` for a whole nginx.conf, `http` for a conf.d file. */
  context?: string;
  /** Accept NGINX Plus directives (default: open-source nginx, which rejects them). */
  plus?: boolean;
}

/** The context a block directive opens for its children, given where it stands. */
function childContext(d: Directive, context: string): string {
  if (d.directive === 'if') return context === 'location' ? 'if in location' : 'if';
  return d.directive;
}

/** Which protocol's modules apply: `server` means different things in http, stream and mail. */
type Family = 'http' | 'stream' | 'mail' | undefined;

const FAMILY_PREFIX = { http: 'ngx_http_', stream: 'ngx_stream_', mail: 'ngx_mail_' } as const;

function inFamily(entry: CatalogEntry, family: Family): boolean {
  if (!family) return true;
  return !Object.entries(FAMILY_PREFIX).some(
    ([f, prefix]) => f !== family && entry.module.startsWith(prefix),
  );
}

function allowedIn(entry: CatalogEntry, context: string): boolean {
  if (entry.contexts.includes('') || entry.contexts.includes(context)) return true;
  // Reference entries say "if" for directives of the rewrite module in any `if` block.
  return context === 'if in location' && entry.contexts.includes('if');
}

function plural(n: number): string {
  return `${n} argument${n === 1 ? '' : 's'}`;
}

function describeArity(min: number, max: number): string {
  if (max === Infinity) return `at least ${plural(min)}`;
  if (min === max) return `exactly ${plural(min)}`;
  return `${min} to ${max} arguments`;
}

function check(
  d: Directive,
  context: string,
  family: Family,
  path: string,
  options: Required<Pick<ValidateOptions, 'catalog' | 'plus'>>,
  problems: Problem[],
): boolean {
  const all = options.catalog.get(d.directive)?.filter((e) => inFamily(e, family));
  if (!all || all.length === 0) {
    problems.push({
      path,
      message: `unknown directive "${d.directive}"`,
      fix: 'check the spelling, or add the third-party module to the catalog with extendCatalog()',
    });
    return false;
  }
  const entries = options.plus ? all : all.filter((e) => !e.plus);
  if (entries.length === 0) {
    problems.push({
      path,
      message: `"${d.directive}" is an NGINX Plus directive (${all[0]?.module}); open-source nginx rejects it`,
      fix: 'remove it, or validate for NGINX Plus (plus: true, nginx-dsl validate --plus)',
    });
    return false;
  }
  const inContext = entries.filter((e) => allowedIn(e, context));
  if (inContext.length === 0) {
    const where = [...new Set(entries.flatMap((e) => e.contexts))].join(', ');
    problems.push({
      path,
      message: `"${d.directive}" is not allowed in ${context}`,
      fix: `move it into one of: ${where}`,
    });
    return false;
  }
  const hasBlock = d.block !== undefined;
  const shaped = inContext.filter((e) => e.isBlock === hasBlock);
  if (shaped.length === 0) {
    problems.push({
      path,
      message: hasBlock ? `"${d.directive}" takes no block` : `"${d.directive}" needs a block`,
      fix: hasBlock ? 'end it with ";" instead of a { ... } block' : 'give it a { ... } block',
    });
    return false;
  }
  const n = d.args.length;
  if (!shaped.some((e) => n >= e.arity.min && n <= e.arity.max)) {
    const e = shaped[0] as CatalogEntry;
    problems.push({
      path,
      message: `"${d.directive}" takes ${describeArity(e.arity.min, e.arity.max)}, got ${n}`,
      fix: `syntax: ${d.directive} ${e.syntax.join(' | ')}`,
    });
  }
  return true;
}

function walk(
  block: readonly Directive[],
  context: string,
  family: Family,
  parent: string,
  options: Required<Pick<ValidateOptions, 'catalog' | 'plus'>>,
  problems: Problem[],
): void {
  block.forEach((d, i) => {
    if (isComment(d)) return;
    const path = joinPath(parent, segment(block, i));
    const known = check(d, context, family, path, options, problems);
    if (!d.block) return;
    if (FREE_FORM_BLOCKS.has(d.directive)) {
      d.block.forEach((entry, j) => {
        if (entry.block && !isComment(entry)) {
          problems.push({
            path: joinPath(path, segment(d.block ?? [], j)),
            message: `entries of "${d.directive}" take no block`,
            fix: 'end the entry with ";"',
          });
        }
      });
      return;
    }
    const childFamily =
      family ??
      (d.directive === 'http' || d.directive === 'stream' || d.directive === 'mail'
        ? d.directive
        : undefined);
    if (known) walk(d.block, childContext(d, context), childFamily, path, options, problems);
  });
}

/** Every catalog problem in `config` (unknown directive, context, block shape, arity). */
export function findProblems(config: Config, options: ValidateOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const context = options.context ?? 'main';
  // A snippet checked in a context below main belongs to http unless it says otherwise.
  const family: Family =
    context === 'main' ? undefined : context === 'stream' || context === 'mail' ? context : 'http';
  const using = { catalog: options.catalog ?? defaultCatalog(), plus: options.plus === true };
  walk(config, context, family, '', using, problems);
  return problems;
}

/** Throws one `NginxDslError` listing every problem `findProblems` reports. */
export function validate(config: Config, options: ValidateOptions = {}): void {
  const problems = findProblems(config, options);
  if (problems.length > 0) throw new NginxDslError(problems);
}
