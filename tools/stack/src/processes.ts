// Background processes owned by the launcher, tracked by PID files so that `down` stops exactly
// what `up` started, from any shell, and a second `up` sees what is already running.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PID of a live process we started, or undefined (a stale PID file is removed). */
export function ownedPid(pidFile: string): number | undefined {
  const pid = readPid(pidFile);
  if (isAlive(pid)) return pid;
  rmSync(pidFile, { force: true });
  return undefined;
}

export interface DetachedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where its stdout and stderr are appended. */
  logFile: string;
  /** Where its PID is written. */
  pidFile: string;
}

/**
 * Starts a detached process in its own process group, output appended to logFile; returns its PID
 * (undefined when the command could not be started).
 */
export function spawnDetached(
  command: string,
  args: string[],
  { cwd, env, logFile, pidFile }: DetachedOptions,
): number | undefined {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  writeFileSync(pidFile, String(child.pid));
  child.unref();
  return child.pid;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** How a process ended: on SIGTERM within the grace period, or by SIGKILL after it. */
export type StopOutcome = 'stopped' | 'killed';

/** SIGTERM the process group (a graceful stop), SIGKILL it after the grace period. */
export async function stopPid(pid: number, { graceMs = 20000 }: { graceMs?: number } = {}): Promise<StopOutcome> {
  const signal = (sig: NodeJS.Signals) => {
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

/** The last lines of a log file, or a note that there is none yet. */
export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log yet)';
  }
}
