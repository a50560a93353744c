import { joinPath, segment } from '../path.js';
import { isComment, type Directive } from '../types.js';
import type { Visit } from './types.js';

/** Every non-comment directive, depth first, with its path and ancestors. */
export function visitAll(config: readonly Directive[]): Visit[] {
  const out: Visit[] = [];
  const go = (block: readonly Directive[], parent: string, ancestors: Directive[]): void => {
    block.forEach((node, i) => {
      if (isComment(node)) return;
      const path = joinPath(parent, segment(block, i));
      out.push({ node, path, ancestors });
      if (node.block) go(node.block, path, [...ancestors, node]);
    });
  };
  go(config, '', []);
  return out;
}

export function children(d: Directive | undefined, name: string): Directive[] {
  return (d?.block ?? []).filter((c) => c.directive === name);
}

/** The innermost value of a directive inherited through `ancestors` and `node` itself. */
export function inherited(chain: readonly Directive[], name: string): Directive | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const found = children(chain[i], name);
    if (found.length > 0) return found[found.length - 1];
  }
  return undefined;
}

const AUTH = ['auth_basic', 'auth_request', 'auth_jwt'];

/** The authentication directive in force at the end of `chain` (one not set to off), if any. */
export function authenticatedBy(chain: readonly Directive[]): string | undefined {
  return AUTH.find((a) => {
    const d = inherited(chain, a);
    return d !== undefined && d.args[0]?.toLowerCase() !== 'off';
  });
}
