/* eslint-disable @typescript-eslint/no-require-imports */
const stack = require('../../../../tools/stack/stack');

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __ITUNA_STARTED__?: string[] }).__ITUNA_STARTED__ ?? [];
  if (started.length) await stack.down(started);
}
