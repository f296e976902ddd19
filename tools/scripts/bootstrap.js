'use strict';
// First step of `npm start` and `npm test` on any Node (the system one may be 20): install the
// locked dependencies when they are missing or stale, then hand over to the project's Node 24
// (the `node` devDependency, first on PATH inside npm scripts once installed).
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const stamp = path.join(root, 'node_modules', '.ituna-lock-hash');

function lockHash() {
  return crypto.createHash('sha256').update(fs.readFileSync(path.join(root, 'package-lock.json'))).digest('hex');
}

function ensureDependencies() {
  const want = lockHash();
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
  if (have === want) return;
  console.error('[bootstrap] installing locked dependencies (npm ci)...');
  const started = Date.now();
  // --prefer-offline: what the npm cache holds is used without asking the registry again (the lock
  // file pins every version and checksum, so nothing stale can come of it); without it npm fetched
  // all 2100 documents and tarballs anew on every install, cache or not.
  const res = spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--no-progress', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('[bootstrap] npm ci failed');
    process.exit(res.status || 1);
  }
  fs.writeFileSync(stamp, want);
  console.error(`[bootstrap] dependencies installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/** Re-runs the calling script under the project's Node when the current one is too old. */
function ensureProjectNode(script) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return;
  const projectNode = path.join(root, 'node_modules', '.bin', 'node');
  const binDir = path.dirname(projectNode);
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}` };
  const res = spawnSync(projectNode, [script, ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(res.status === null ? 1 : res.status);
}

function bootstrap(script) {
  ensureDependencies();
  ensureProjectNode(script);
}

module.exports = { bootstrap, root };
