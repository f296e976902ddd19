'use strict';
// The e2e suite uses two programs from Debian's packages: chromium (driven by playwright-core, no
// browser download) for the insights page, and kcat, a Kafka client that is not ours (librdkafka),
// for interop. When one is missing and this user may install packages (root with apt-get, as in
// CI), install it; otherwise say which test will need it.
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const PACKAGES = [
  {
    name: 'chromium',
    binary: () => process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    usedBy: 'the insights page test',
  },
  { name: 'kcat', binary: () => '/usr/bin/kcat', usedBy: 'the Kafka interop test' },
];

function ensureDebianPackages() {
  const missing = PACKAGES.filter((p) => !fs.existsSync(p.binary()));
  if (!missing.length) return;
  const names = missing.map((p) => p.name);
  const canInstall =
    typeof process.getuid === 'function' && process.getuid() === 0 && spawnSync('apt-get', ['--version']).status === 0;
  if (!canInstall) {
    for (const p of missing)
      console.error(`[test] ${p.usedBy} needs Debian's ${p.name} (sudo apt-get install ${p.name})`);
    return;
  }
  console.error(`[test] installing Debian's ${names.join(' and ')} for the e2e suite (apt-get install)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...names], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (!install()) console.error(`[test] could not install ${names.join(', ')}; the tests that need them will say so`);
  }
}

module.exports = { ensureDebianPackages };
