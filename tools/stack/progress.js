'use strict';
// Long first-time steps (resolving jars, building Jaeger) report elapsed time while they run.
const { spawn } = require('node:child_process');

function log(message) {
  process.stderr.write(`[stack] ${message}\n`);
}

function elapsed(startedAt) {
  return `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
}

/** Runs a command to completion, printing a heartbeat with the elapsed time every 10 s. */
function runWithProgress(label, command, args, options = {}) {
  const startedAt = Date.now();
  log(`${label}...`);
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setInterval(() => log(`${label}: still working (${elapsed(startedAt)})`), 10000);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      if (code === 0) {
        log(`${label}: done in ${elapsed(startedAt)}`);
        resolve(output);
      } else {
        reject(new Error(`${label} failed (exit ${code}):\n${output.trim().split('\n').slice(-30).join('\n')}`));
      }
    });
  });
}

module.exports = { log, elapsed, runWithProgress };
