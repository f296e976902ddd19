/* eslint-disable @typescript-eslint/no-require-imports */
import { join } from 'node:path';

const stack = require('../../../../tools/stack/stack');
const { ownedPid } = require('../../../../tools/stack/processes');

/** Stops and starts a stack component, which must be one this checkout started (PID file). */
export async function stopComponent(name: 'kafka' | 'jaeger'): Promise<void> {
  const pid = ownedPid(stack.describe()[name].pidFile);
  if (!pid) throw new Error(`${name} was not started by this checkout (npm run stack:up or the e2e setup), so the fault test cannot stop it`);
  await stack.down([name]);
}

export async function startComponent(name: 'kafka' | 'jaeger'): Promise<void> {
  await stack.up([name]);
}

export const stackDir = join(__dirname, '..', '..', '..', '..', '.stack');

/**
 * Freezes the broker (SIGSTOP) while fn runs, then thaws it: requests sent meanwhile wait in its
 * socket buffers and are handled after the thaw, after their senders gave up on the answer.
 */
export async function withKafkaFrozen<T>(fn: () => Promise<T>): Promise<T> {
  const pid = ownedPid(stack.describe().kafka.pidFile);
  if (!pid) throw new Error('kafka was not started by this checkout (npm run stack:up or the e2e setup), so the test cannot freeze it');
  process.kill(pid, 'SIGSTOP');
  try {
    return await fn();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
