import { retryWhileRetriable } from './retriable';
import type { SharedAdmin } from './shared-admin';

/**
 * Resolves once the broker's coordinator of `groupId` answers. On a freshly formatted broker the
 * offsets topic is created by the first consumer that asks for it and takes a moment to load;
 * a consumer started meanwhile fails its join, stops and is restarted (logged at ERROR). Asked
 * first, and quietly, the consumer's join works at once.
 */
export async function waitForGroupCoordinator(admin: SharedAdmin, groupId: string, timeoutMs = 30_000): Promise<void> {
  await retryWhileRetriable(() => admin.use((a) => a.describeGroups([groupId])), { timeoutMs });
}
