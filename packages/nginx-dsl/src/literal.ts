import type { Directive } from './types.js';

/**
 * nginx has no escape for `$` in values that take variables. A literal dollar is written
 * as `${name}` where the variable holds "$"; `literalDollarVariable()` defines it.
 */
export const LITERAL_DOLLAR_VARIABLE = 'ohif_literal_dollar';

export function literalDollarVariable(name = LITERAL_DOLLAR_VARIABLE): Directive {
  return { directive: 'geo', args: [`$${name}`], block: [{ directive: 'default', args: ['$'] }] };
}

/** `text` with every `$` replaced so nginx outputs it verbatim (needs `literalDollarVariable()` in http). */
export function literal(text: string, name = LITERAL_DOLLAR_VARIABLE): string {
  return text.replace(/\$/g, `\${${name}}`);
}
