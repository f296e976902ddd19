'use strict';
// The e2e suite drives Debian's chromium with playwright-core (no browser download). When it is
// missing and this user may install packages (root with apt-get, as in CI), install it.
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (fs.existsSync(path)) return;
  const canInstall = typeof process.getuid === 'function' && process.getuid() === 0 && spawnSync('apt-get', ['--version']).status === 0;
  if (!canInstall) {
    console.error(`[test] no browser at ${path}: the insights page test needs Debian's chromium (sudo apt-get install chromium) or CHROMIUM_PATH`);
    return;
  }
  console.error('[test] installing Debian\'s chromium for the browser test (apt-get install chromium)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (!install()) console.error('[test] could not install chromium; the browser test will say so');
  }
}

module.exports = { ensureChromium };
