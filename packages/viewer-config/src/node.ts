// `@ohif-recipes/viewer-config/node`: app-config.js files, in Node only (node:vm to read
// them in a sandbox, prettier to write them).
export { toAppConfigJs, type EmitOptions } from './emit.js';
export { readAppConfigJs, AppConfigReadError, type ReadOptions } from './read.js';
