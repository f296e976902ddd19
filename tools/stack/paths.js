'use strict';
// Where the native stack keeps things: state (data, logs, PID files) in the checkout's
// gitignored .stack folder, downloads and builds in a per-user cache shared by checkouts.
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const stackDir = process.env.ITUNA_STACK_DIR || path.join(repoRoot, '.stack');
const cacheDir = path.join(
  process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
  'ituna',
);

module.exports = {
  repoRoot,
  stackDir,
  cacheDir,
  kafkaPom: path.join(__dirname, 'kafka', 'pom.xml'),
  kafkaLog4j: path.join(__dirname, 'kafka', 'log4j2.properties'),
  jaegerModuleDir: path.join(__dirname, 'jaeger'),
  jaegerConfig: path.join(__dirname, 'jaeger', 'config.yaml'),
  composeFile: path.join(repoRoot, 'docker-compose.yml'),
  kafkaDir: path.join(stackDir, 'kafka'),
  jaegerDir: path.join(stackDir, 'jaeger'),
};
