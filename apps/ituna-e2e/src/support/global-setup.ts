/* eslint-disable @typescript-eslint/no-require-imports */
// Brings Kafka and Jaeger up when they are not running; remembers what it started so the
// teardown stops only that (a stack the developer started stays up).
const stack = require('../../../../tools/stack/stack');

export default async function globalSetup(): Promise<void> {
  const outcome: Record<string, string> = await stack.up();
  (globalThis as { __ITUNA_STARTED__?: string[] }).__ITUNA_STARTED__ = Object.keys(outcome).filter((c) => outcome[c] === 'started');
}
