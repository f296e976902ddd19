// Long first-time steps (resolving jars, building Jaeger) report elapsed time while they run.
import { spawn, type SpawnOptions } from 'node:child_process';

export function log(message: string): void {
  process.stderr.write(`[stack] ${message}\n`);
}

export function elapsed(startedAt: number): string {
  return `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
}

export interface ProgressOptions extends Omit<SpawnOptions, 'stdio'> {
  /**
   * The command (and what it starts) yields the CPU to everything else, e.g. a Jaeger build to the
   * services' own build and start-up.
   */
  lowPriority?: boolean;
}

/**
 * Runs a command to completion, printing a heartbeat with the elapsed time every 10 s for the first
 * minute, then every minute (a build of minutes beside running services must not flood their logs).
 * Resolves with its output; rejects with its last lines when it fails.
 */
export function runWithProgress(
  label: string,
  command: string,
  args: string[],
  { lowPriority = false, ...options }: ProgressOptions = {},
): Promise<string> {
  const startedAt = Date.now();
  log(`${label}...`);
  return new Promise((resolve, reject) => {
    let output = '';
    // Through nice(1) where there is one: every thread of the command and everything it starts is
    // niced from the first moment (os.setPriority on a running process reaches one thread only).
    const niced = lowPriority && process.platform !== 'win32';
    const child = spawn(niced ? 'nice' : command, niced ? ['-n', '10', command, ...args] : args, {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    let beats = 0;
    const timer = setInterval(() => {
      beats++;
      if (beats <= 6 || beats % 6 === 0) log(`${label}: still working (${elapsed(startedAt)})`);
    }, 10000);
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
