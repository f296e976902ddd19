import { rmSync } from 'node:fs';
import { join } from 'node:path';
import './workspace-paths';
import { buildApps, componentsStarted, stackUp, type StackComponent } from '@ituna/stack';

// Brings Kafka and Jaeger up when they are not running, remembering what it started so the
// teardown stops only that (a stack the developer started stays up), then builds the services.
const root = join(__dirname, '..', '..', '..', '..');

export default async function globalSetup(): Promise<void> {
  // Each run's service logs start empty (tests read them).
  rmSync(join(root, 'tmp', 'e2e-logs'), { recursive: true, force: true });
  (globalThis as { __ITUNA_STARTED__?: StackComponent[] }).__ITUNA_STARTED__ = componentsStarted(await stackUp());
  await buildApps(['tag:type:service', 'insights']);
}
