import { defaultCatalog, type Catalog } from '../catalog.js';
import { NginxDslError } from '../errors.js';
import type { Directive } from '../types.js';

/** Children may be nested arrays or `false`/`undefined`, so optional parts read inline. */
export type Children = ReadonlyArray<Directive | readonly Directive[] | false | undefined | null>;

export function flat(children: Children): Directive[] {
  const out: Directive[] = [];
  for (const c of children) {
    if (!c) continue;
    if (Array.isArray(c)) out.push(...(c as readonly Directive[]));
    else out.push(c as Directive);
  }
  return out;
}

export function simple(name: string, ...args: Array<string | number>): Directive {
  return { directive: name, args: args.map(String) };
}

export function block(
  name: string,
  args: ReadonlyArray<string | number>,
  children: Children,
): Directive {
  return { directive: name, args: args.map(String), block: flat(children) };
}

/**
 * The escape hatch: any directive the catalog knows (nginx's reference, or the one a project
 * extended with its modules, the same it validates with), with its block shape checked now.
 * Context and arity are checked by `validate` on the whole config.
 */
export function directive(
  name: string,
  args: ReadonlyArray<string | number> = [],
  children?: Children,
  options: { catalog?: Catalog } = {},
): Directive {
  const entries = (options.catalog ?? defaultCatalog()).get(name);
  if (!entries) {
    throw new NginxDslError({
      path: name,
      message: `unknown directive "${name}"`,
      fix: 'check the spelling against the nginx reference, or pass a catalog extended with the module (extendCatalog)',
    });
  }
  const wantsBlock = children !== undefined;
  if (!entries.some((e) => e.isBlock === wantsBlock)) {
    throw new NginxDslError({
      path: name,
      message: wantsBlock ? `"${name}" takes no block` : `"${name}" needs a block`,
      fix: wantsBlock ? 'build it without children' : 'give it a list of child directives',
    });
  }
  return children === undefined ? simple(name, ...args) : block(name, args, children);
}

export function comment(text: string): Directive {
  return { directive: '#', args: [], comment: ` ${text}` };
}

export const onOff = (v: boolean): string => (v ? 'on' : 'off');
