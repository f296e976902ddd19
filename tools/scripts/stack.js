'use strict';
// `npm run stack:up | stack:down | stack:status [kafka] [jaeger]`: the dependencies (on any Node),
// then the launcher's command line (tools/stack/src/cli.ts), run by tsx on the project's Node.
const path = require('node:path');
const { bootstrap, root } = require('./bootstrap');

bootstrap(__filename);

// tsx compiles the TypeScript as it is required, resolving @ituna/* through the workspace's paths.
process.env.TSX_TSCONFIG_PATH = path.join(root, 'tsconfig.base.json');
require('tsx/cjs/api').register();
const { stackCli } = require('@ituna/stack');

stackCli(process.argv.slice(2)).then((code) => process.exit(code));
