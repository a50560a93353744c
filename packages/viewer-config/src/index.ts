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
export { appConfigSchema } from './schema.js';
export { validateAppConfig, assertValidAppConfig } from './validate.js';
export { AppConfigError, closest, formatProblem, type Problem } from './problems.js';
export { browserRootProblem } from './browser-url.js';
export { toAppConfigJs, type EmitOptions } from './emit.js';
export { readAppConfigJs, AppConfigReadError, type ReadOptions } from './read.js';
