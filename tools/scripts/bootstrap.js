'use strict';
// First step of `npm start` and `npm test` on any Node (the system one may be 20): install the
// locked dependencies when they are missing or stale, then hand over to the project's Node 24
// (the `node` devDependency, first on PATH inside npm scripts once installed).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
// The per-user cache of tools/stack/src/paths.ts (cacheDir), computed the same way here: this file
// runs before the dependencies exist, so it cannot load the launcher's TypeScript.
const cacheDir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'ituna');
const nodeModules = path.join(root, 'node_modules');
const stamp = path.join(nodeModules, '.ituna-lock-hash');
/** Copies of node_modules kept in the user's cache, one per lock file, the most recently used first. */
const snapshots = path.join(cacheDir, 'node-modules');
const SNAPSHOTS_KEPT = 2;

function lockHash() {
  return crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(root, 'package-lock.json')))
    .digest('hex');
}

/** @param {number} since a Date.now() */
function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

function snapshotsEnabled(env = process.env) {
  return !['off', 'false', '0'].includes(String(env.ITUNA_DEPENDENCY_SNAPSHOT ?? '').toLowerCase());
}

/**
 * Hard links where the two folders share a file system (pnpm's store works the same way): 3-6 s for
 * node_modules' 49,000 files, where a full copy took 5-50 s on this machine and Node's fs.cpSync 25.
 * A full copy (`cp -a`) where they do not.
 * @param {string} from
 * @param {string} to
 */
function copyTree(from, to) {
  for (const flags of ['-al', '-a']) {
    const res = spawnSync('cp', [flags, from, to], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (!res.error && res.status === 0) return;
    removeTree(to);
    if (flags === '-a') throw new Error(res.error ? res.error.message : String(res.stderr).trim().split('\n')[0]);
  }
}

/**
 * Writes a new file in place of the old one: the old one may be a hard link into a kept copy.
 * @param {string} hash the lock file's
 */
function writeStamp(hash) {
  const partial = `${stamp}.partial-${process.pid}`;
  fs.writeFileSync(partial, hash);
  fs.renameSync(partial, stamp);
}

/**
 * `rm -rf`: Node 20's fs.rmSync walks the tree in JavaScript, several times slower.
 * @param {string} dir
 */
function removeTree(dir) {
  const res = spawnSync('rm', ['-rf', dir], { stdio: 'ignore' });
  if (res.error || res.status !== 0) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * node_modules back from the copy of an earlier install of the same lock file, in seconds where npm
 * ci unpacks 1050 tarballs (40-80 s on 2 cores, its cache warm or not). The copy lands beside
 * node_modules and is renamed into place, so a copy cut short is never taken for an install.
 * @param {string} hash the lock file's
 * @returns {boolean} whether node_modules was restored
 */
function restoreSnapshot(hash) {
  const snapshot = path.join(snapshots, hash);
  // Kept copies are renamed into place whole, so one that exists is complete.
  if (!snapshotsEnabled() || !fs.existsSync(path.join(snapshot, 'node_modules'))) return false;
  const started = Date.now();
  const partial = `${nodeModules}.partial-${process.pid}`;
  try {
    copyTree(path.join(snapshot, 'node_modules'), partial);
    removeTree(nodeModules);
    fs.renameSync(partial, nodeModules);
    writeStamp(hash);
    const now = new Date();
    fs.utimesSync(snapshot, now, now);
  } catch (err) {
    removeTree(partial);
    console.error(`[bootstrap] could not copy node_modules from ${snapshot} (${err.message}); installing instead`);
    return false;
  }
  console.error(
    `[bootstrap] dependencies restored in ${seconds(started)}s from an earlier install of the same lock file (${snapshot})`,
  );
  return true;
}

/**
 * Keeps a copy of a fresh install for the next clone; only the most recent copies stay.
 * @param {string} hash the lock file's
 */
function saveSnapshot(hash) {
  if (!snapshotsEnabled()) return;
  const snapshot = path.join(snapshots, hash);
  const partial = `${snapshot}.partial-${process.pid}`;
  const started = Date.now();
  try {
    fs.mkdirSync(partial, { recursive: true });
    copyTree(nodeModules, path.join(partial, 'node_modules'));
    try {
      fs.renameSync(partial, snapshot);
    } catch (err) {
      if (!['EEXIST', 'ENOTEMPTY'].includes(err.code)) throw err; // another checkout saved the same install first
    }
    console.error(
      `[bootstrap] kept a copy in ${snapshot} (${seconds(started)}s) for the next fresh clone (ITUNA_DEPENDENCY_SNAPSHOT=off: no copy)`,
    );
  } catch (err) {
    console.error(
      `[bootstrap] could not keep a copy of node_modules in ${snapshots} (${err.message}); the next fresh clone runs npm ci again`,
    );
  } finally {
    removeTree(partial);
  }
  pruneSnapshots();
}

function pruneSnapshots() {
  const kept = fs
    .readdirSync(snapshots, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[0-9a-f]{64}$/.test(entry.name))
    .map((entry) => ({
      dir: path.join(snapshots, entry.name),
      used: fs.statSync(path.join(snapshots, entry.name)).mtimeMs,
    }))
    .sort((a, b) => b.used - a.used);
  for (const { dir } of kept.slice(SNAPSHOTS_KEPT)) removeTree(dir);
}

function ensureDependencies() {
  const want = lockHash();
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
  if (have === want || restoreSnapshot(want)) return;
  console.error('[bootstrap] installing locked dependencies (npm ci)...');
  const started = Date.now();
  // --prefer-offline: what the npm cache holds is used without asking the registry again (the lock
  // file pins every version and checksum, so nothing stale can come of it); without it npm fetched
  // all 2100 documents and tarballs anew on every install, cache or not.
  const res = spawnSync(
    'npm',
    ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--no-progress', '--loglevel=error'],
    { cwd: root, stdio: 'inherit' },
  );
  if (res.status !== 0) {
    console.error('[bootstrap] npm ci failed');
    process.exit(res.status || 1);
  }
  writeStamp(want);
  console.error(`[bootstrap] dependencies installed in ${seconds(started)}s`);
  saveSnapshot(want);
}

/**
 * Re-runs the calling script under the project's Node when the current one is too old.
 * @param {string} script the calling script's path (its __filename)
 */
function ensureProjectNode(script) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return;
  const projectNode = path.join(nodeModules, '.bin', 'node');
  const binDir = path.dirname(projectNode);
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}` };
  const res = spawnSync(projectNode, [script, ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(res.status === null ? 1 : res.status);
}

/**
 * Installs the dependencies when they are missing or stale, then re-runs the calling script under
 * the project's Node when the current one is too old (the process then exits with its code).
 * @param {string} script the calling script's path (its __filename)
 */
function bootstrap(script) {
  ensureDependencies();
  ensureProjectNode(script);
}

module.exports = { bootstrap, root, lockHash, saveSnapshot, snapshots };
