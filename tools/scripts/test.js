'use strict';
// `npm test`: dependencies, then every jest project (unit and e2e) in one run. The e2e projects'
// global setup brings up Kafka and Jaeger when they are not running and stops only what it started.
// Extra arguments go to jest, e.g. `npm test -- --selectProjects tracing`.
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { bootstrap, root } = require('./bootstrap');
const { ensureDebianPackages } = require('./debian-packages');

bootstrap(__filename);
ensureDebianPackages();

const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const res = spawnSync(
  process.execPath,
  [jest, '--config', path.join(root, 'jest.config.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  },
);
process.exit(res.status === null ? 1 : res.status);
