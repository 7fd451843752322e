'use strict';
// The CommonJS entry (`require('eslint-plugin-durability')`, e.g. from eslint.config.cjs). The plugin is an ES module;
// Node 20.19+ loads it with require(esm), so both entries give the same plugin object, the one `import` gives.
let esm;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- this file is the CommonJS entry
  esm = require('../dist/src/index.js');
} catch (error) {
  if (error && error.code === 'ERR_REQUIRE_ESM') {
    throw new Error(
      `eslint-plugin-durability: require() of this plugin needs Node.js 20.19 or later (this is ${process.version}); ` +
        'or load it with import from eslint.config.js / eslint.config.mjs.',
      { cause: error },
    );
  }
  throw error;
}
module.exports = esm.default;
