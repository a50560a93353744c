// nx loads generators with require() and cannot transpile TypeScript without swc-node or
// ts-node; tsx (already the workspace's TS runner) loads generator.ts instead.
const tsx = require('tsx/cjs/api');

module.exports = function recipe(tree, options) {
  return tsx.require('./generator.ts', __filename).default(tree, options);
};
