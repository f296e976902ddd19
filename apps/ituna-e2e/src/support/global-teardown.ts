import './workspace-paths';
import { stackDown, type StackComponent } from '@ituna/stack';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __ITUNA_STARTED__?: StackComponent[] }).__ITUNA_STARTED__ ?? [];
  if (started.length) await stackDown(started);
}
