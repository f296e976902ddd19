import { readFileSync } from 'node:fs';

/** Resident memory of a process in MB (Linux), or undefined. */
export function rssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);
  } catch {
    return undefined;
  }
}
