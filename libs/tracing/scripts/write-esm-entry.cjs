'use strict';
// The package's ESM entry: a wrapper that re-exports the CommonJS build's names, as Node's docs
// advise for a package with both entries (one copy of the code and of its state, whichever way
// an app imports it: no dual-package hazard). Written from the built module's own exports, so
// the two entries cannot drift. Usage: node write-esm-entry.cjs <package folder>
const fs = require('node:fs');
const path = require('node:path');

const dir = path.resolve(process.argv[2]);
const names = Object.keys(require(path.join(dir, 'src', 'index.js')))
  .filter((n) => n !== 'default' && n !== '__esModule')
  .sort();
fs.mkdirSync(path.join(dir, 'esm'), { recursive: true });
fs.writeFileSync(
  path.join(dir, 'esm', 'index.mjs'),
  `// Generated: the ESM entry re-exports the CommonJS build (see package.json "exports").\n` +
    `import tracing from '../src/index.js';\n\n` +
    `export const { ${names.join(', ')} } = tracing;\n`,
);
console.log(`esm/index.mjs: ${names.length} names`);
