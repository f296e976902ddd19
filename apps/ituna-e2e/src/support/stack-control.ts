import { join } from 'node:path';
import { describeStack, ownedPid, stackDown, stackUp, type StackComponent } from '@ituna/stack';

/** Stops and starts a stack component, which must be one this checkout started (PID files). */
export async function stopComponent(name: StackComponent): Promise<void> {
  if (!describeStack()[name].pidFiles.some((f) => ownedPid(f)))
    throw new Error(
      `${name} was not started by this checkout (npm run stack:up or the e2e setup), so the fault test cannot stop it`,
    );
  await stackDown([name]);
}

export async function startComponent(name: StackComponent): Promise<void> {
  await stackUp([name]);
}

/**
 * Restarts the stack's Jaeger with these variables set in this process (undefined unsets one):
 * stopped as it runs (its processes follow JAEGER_PIPELINE), then started as they now say.
 */
export async function restartJaegerWith(env: Record<string, string | undefined>): Promise<void> {
  await stopComponent('jaeger');
  for (const [name, value] of Object.entries(env))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  await startComponent('jaeger');
}

export const stackDir = join(__dirname, '..', '..', '..', '..', '.stack');

/**
 * Freezes the broker (every node of a cluster; SIGSTOP) while fn runs, then thaws it: requests sent meanwhile wait in its
 * socket buffers and are handled after the thaw, after their senders gave up on the answer.
 */
export async function withKafkaFrozen<T>(fn: () => Promise<T>): Promise<T> {
  const pids = describeStack()
    .kafka.pidFiles.map((f) => ownedPid(f))
    .filter((pid): pid is number => pid !== undefined);
  if (!pids.length)
    throw new Error(
      'kafka was not started by this checkout (npm run stack:up or the e2e setup), so the test cannot freeze it',
    );
  pids.forEach((pid) => process.kill(pid, 'SIGSTOP'));
  try {
    return await fn();
  } finally {
    pids.forEach((pid) => process.kill(pid, 'SIGCONT'));
  }
}
