import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { dirname } from 'node:path';

/**
 * Writes a bench's results as JSON (when, how long, on what machine, with which options, the
 * summary and every run) and returns the seconds the bench took: both bench commands keep this file.
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
    JSON.stringify({ when: new Date().toISOString(), seconds, machine, options, summary, runs }, null, 2),
  );
  return seconds;
}
