import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time a process has used so far, all its threads (the main thread, libuv's pool, V8's GC
 * helpers), in ms with nanosecond resolution: each thread's schedstat counts the time it ran.
 * Returns NaN once the process is gone.
 */
export function cpuMs(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended between the listing and the read; its time is in no other file, a
        // loss of at most the few ms it ran.
      }
    }
    return ns / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory in MB, or null once the process is gone. */
export function rssMb(pid: number): number | null {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/** CPU of a set of processes over a window, less what they use when idle (timers, heartbeats). */
export class CpuMeter {
  private idleMsPerSecond = 0;

  constructor(private readonly pids: readonly number[]) {}

  total(): number {
    return this.pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  }

  /** Measures the idle rate over `ms` of nothing to do. */
  async measureIdle(ms: number): Promise<number> {
    const before = this.total();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, ms));
    this.idleMsPerSecond = (this.total() - before) / ((performance.now() - t0) / 1000);
    return this.idleMsPerSecond;
  }

  /** Starts a window; `end()` gives its CPU above the idle baseline. */
  start(): { end: () => { cpuMs: number; idleMs: number } } {
    const before = this.total();
    const t0 = performance.now();
    return {
      end: () => {
        const idleMs = (this.idleMsPerSecond * (performance.now() - t0)) / 1000;
        return { cpuMs: Math.max(0, this.total() - before - idleMs), idleMs };
      },
    };
  }
}
