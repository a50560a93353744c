export type { Config, Directive } from './types.js';
export { isComment } from './types.js';
export { NginxDslError, NginxParseError, formatProblem, type Problem } from './errors.js';
export { render } from './render.js';
export { parse } from './parse.js';
export { tokenize, type Token } from './tokenize.js';
export { validate, findProblems, type ValidateOptions } from './validate.js';
export {
  defaultCatalog,
  extendCatalog,
  FREE_FORM_BLOCKS,
  type Catalog,
  type CatalogEntry,
} from './catalog.js';
export { arityOf, type Arity } from './syntax.js';
export {
  lint,
  RULES,
  SEVERITIES,
  atLeast,
  type Finding,
  type Rule,
  type Severity,
  type LintOptions,
} from './lint/index.js';
export { literal, literalDollarVariable, LITERAL_DOLLAR_VARIABLE } from './literal.js';
