import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { dirname } from 'node:path';

/**
 * Writes a bench's results as JSON (when, how long, at which commit, on what machine, with which
 * options, the summary and every run) and returns the seconds the bench took: every bench command
 * keeps this file.
 */
export function writeResults<O, S, R>(out: string, startedAt: number, options: O, summary: S, runs: R[]): number {
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const machine = {
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${type()} ${release()}`,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      { when: new Date().toISOString(), seconds, commit: commit(), machine, options, summary, runs },
      null,
      2,
    ),
  );
  return seconds;
}

/** The checkout's commit, marked `+changes` when files differ from it (the figures are of neither exactly). */
export function commit(cwd = __dirname): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  try {
    const head = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${head}+changes` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
