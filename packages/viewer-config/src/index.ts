// The root entry: browser-safe and tree-shakeable (no Node built-ins, no formatter, no
// validator). Validation: `./validate` (ajv) or `./validate/standalone` (compiled ahead of
// time); reading and writing app-config.js files: `./node`.
export type * from './app-config.js';
export type * from './data-sources.js';
export {
  customDataSource,
  DICOMWEB_NAMESPACE,
  DICOMJSON_NAMESPACE,
  DICOMLOCAL_NAMESPACE,
  DICOMWEBPROXY_NAMESPACE,
  MERGE_NAMESPACE,
} from './data-sources.js';
export { defineConfig } from './define.js';
export { rawJs, isRawJs, RawJsError, type RawJs, type JsFunction } from './raw-js.js';
export { AppConfigError, closest, formatProblem, type Problem } from './problems.js';
export { browserRootProblem } from './browser-url.js';
