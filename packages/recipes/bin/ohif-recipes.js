#!/usr/bin/env node
// Committed so that `npm ci` links the bin before the first build; the code is in dist/.
import('../dist/cli/main.js').catch((e) => {
  if (e?.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('ohif-recipes: the package is not built yet; run: npx nx build recipes\n');
    process.exit(2);
  }
  throw e;
});
