'use strict';
// Jaeger v2 built from its Go module (pinned by tools/stack/jaeger/go.mod and go.sum), cached per
// user, run with the committed config.yaml. Such a build has no UI assets; the query API is complete.
const fs = require('node:fs');
const path = require('node:path');
const paths = require('./paths');
const { JAEGER_MODULE_VERSION, cacheKey } = require('./config');
const { runWithProgress } = require('./progress');
const { spawnDetached } = require('./processes');

const files = {
  log: path.join(paths.jaegerDir, 'jaeger.log'),
  pid: path.join(paths.jaegerDir, 'jaeger.pid'),
};

function binaryPath() {
  const pins = ['go.mod', 'go.sum'].map((f) => fs.readFileSync(path.join(paths.jaegerModuleDir, f), 'utf8')).join('\n');
  return path.join(paths.cacheDir, `jaeger-${JAEGER_MODULE_VERSION}-${cacheKey(pins)}`);
}

async function ensureBinary() {
  const binary = binaryPath();
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(paths.cacheDir, { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  await runWithProgress(`Building Jaeger ${JAEGER_MODULE_VERSION} (2.13.0) from its Go module (first run only, a few minutes)`, 'go', [
    'build', '-ldflags=-s -w', '-o', tmp, 'github.com/jaegertracing/jaeger/cmd/jaeger',
  ], { cwd: paths.jaegerModuleDir, env: { ...process.env, GOFLAGS: '-mod=readonly' }, lowPriority: true });
  fs.renameSync(tmp, binary);
  return binary;
}

async function start() {
  const binary = await ensureBinary();
  return spawnDetached(binary, ['--config', paths.jaegerConfig], {
    cwd: paths.jaegerDir,
    env: process.env,
    logFile: files.log,
    pidFile: files.pid,
  });
}

module.exports = { files, ensureBinary, start };
