'use strict';
// `npm start`: its command line checked and the dependencies installed here, on any Node; then, on
// the project's Node, tools/stack/src/start-apps.ts (run by tsx): Kafka and Jaeger, a build of the
// five services and the insights page, each app run from dist, Ctrl+C stopping what it started.
const path = require('node:path');
const { parseArgs } = require('node:util');
const { bootstrap, root } = require('./bootstrap');

// One flag, --instances (ITUNA_INSTANCES for this run); any other is a mistake worth saying before anything starts.
try {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    allowPositionals: false,
    options: { instances: { type: 'string' } },
  });
  if (values.instances !== undefined) process.env.ITUNA_INSTANCES = values.instances;
} catch (err) {
  console.error(
    `[start] ${err.message}\nusage: npm start [-- --instances order-validation=2,kitchen-service=2] (the environment variables in the README's Configuration set the rest)`,
  );
  process.exit(2);
}

bootstrap(__filename);

// tsx compiles the TypeScript as it is required, resolving @ituna/* through the workspace's paths.
process.env.TSX_TSCONFIG_PATH = path.join(root, 'tsconfig.base.json');
require('tsx/cjs/api').register();
const { startApps } = require('@ituna/stack');

startApps().catch((err) => {
  console.error(`[start] ${err.message}`);
  process.exit(1);
});
