'use strict';
// `npm run trace -- <orderId>` and `npm run report -- --since 15m [--json]`: builds the insights
// app (cached by Nx) and runs its CLI against Jaeger's query API (JAEGER_QUERY_URL).
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { bootstrap, root } = require('./bootstrap');

bootstrap(__filename);

const nx = path.join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
const build = spawnSync(process.execPath, [nx, 'build', 'insights', '--output-style=static'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NX_DAEMON: 'false' },
});
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.exit(build.status || 1);
}
const run = spawnSync(
  process.execPath,
  [path.join(root, 'dist', 'apps', 'insights', 'cli.cjs'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(run.status === null ? 1 : run.status);
