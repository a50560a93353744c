#!/usr/bin/env node
// Committed so that `npm ci` links the bin before the first build; the code is in dist/.
import('../dist/cli.js').catch((e) => {
  if (e?.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('nginx-dsl: the package is not built yet; run: npx nx build nginx-dsl\n');
    process.exit(2);
  }
  throw e;
});
