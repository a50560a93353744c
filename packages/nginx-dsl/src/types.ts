/**
 * One nginx directive, in crossplane's JSON shape. `args` hold token values as nginx
 * sees them after unquoting, so `$host` is the variable. A standalone comment is the
 * directive `#` with no args and a `comment`.
 */
export interface Directive {
  directive: string;
  args: string[];
  block?: Directive[];
  comment?: string;
}

export type Config = Directive[];

/** True for a standalone comment node (`# text` on its own line). */
export function isComment(d: Directive): boolean {
  return (
    d.directive === '#' && d.args.length === 0 && d.block === undefined && d.comment !== undefined
  );
}
