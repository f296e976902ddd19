/* eslint-disable @typescript-eslint/no-require-imports */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

// Brings Kafka and Jaeger up when they are not running, remembering what it started so the
// teardown stops only that (a stack the developer started stays up), then builds the services.
const stack = require('../../../../tools/stack/stack');
const root = join(__dirname, '..', '..', '..', '..');

export default async function globalSetup(): Promise<void> {
  // Each run's service logs start empty (tests read them).
  rmSync(join(root, 'tmp', 'e2e-logs'), { recursive: true, force: true });
  const outcome: Record<string, string> = await stack.up();
  (globalThis as { __ITUNA_STARTED__?: string[] }).__ITUNA_STARTED__ = Object.keys(outcome).filter((c) => outcome[c] === 'started');
  execFileSync(process.execPath, [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'run-many', '-t', 'build', '--projects=tag:type:service,insights', '--output-style=static'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false' },
  });
}
