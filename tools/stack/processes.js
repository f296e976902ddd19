'use strict';
// Background processes owned by the launcher, tracked by PID files so that `down` stops exactly
// what `up` started, from any shell, and a second `up` sees what is already running.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

function readPid(pidFile) {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** PID of a live process we started, or undefined (a stale PID file is removed). */
function ownedPid(pidFile) {
  const pid = readPid(pidFile);
  if (isAlive(pid)) return pid;
  fs.rmSync(pidFile, { force: true });
  return undefined;
}

/** Starts a detached process in its own process group, output appended to logFile. */
function spawnDetached(command, args, { cwd, env, logFile, pidFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  fs.writeFileSync(pidFile, String(child.pid));
  child.unref();
  return child.pid;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM the process group (a graceful stop), SIGKILL it after the grace period. */
async function stopPid(pid, { graceMs = 20000 } = {}) {
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    signal('SIGKILL');
    while (isAlive(pid)) await sleep(50);
    return 'killed';
  }
  return 'stopped';
}

function tail(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log yet)';
  }
}

module.exports = { readPid, isAlive, ownedPid, spawnDetached, stopPid, sleep, tail };
