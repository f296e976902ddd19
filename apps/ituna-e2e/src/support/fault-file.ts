import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { logDir } from '@ituna/testbed';

/** An ITUNA_FAULTS_FILE for a test file: services started with `env` re-read it when it changes. */
export class FaultFile {
  readonly path = join(logDir, `faults-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  readonly env = { ITUNA_FAULTS_FILE: this.path };

  constructor() {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, '{}');
  }

  /** Writes the faults and waits until the service logging to `logFile` has loaded them. */
  async set(faults: object, logFile: string, timeoutMs = 10_000): Promise<void> {
    const loaded = () => (readFileSync(logFile, 'utf8').match(/Fault injection settings loaded/g) ?? []).length;
    const before = loaded();
    writeFileSync(this.path, JSON.stringify(faults));
    const deadline = Date.now() + timeoutMs;
    while (loaded() === before) {
      if (Date.now() > deadline) throw new Error(`${logFile}: the faults were not loaded within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
