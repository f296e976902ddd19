import { Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig } from './kafka-client-config';
import { retryWhileRetriable } from './retriable';

/**
 * Resolves once the broker's coordinator of `groupId` answers. On a freshly formatted broker the
 * offsets topic is created by the first consumer that asks for it and takes a moment to load;
 * a consumer started meanwhile fails its join, stops and is restarted (logged at ERROR). Asked
 * first, and quietly, the consumer's join works at once.
 */
export async function waitForGroupCoordinator(
  groupId: string,
  clientId = 'ituna-group-setup',
  timeoutMs = 30_000,
): Promise<void> {
  const admin = new Kafka({ ...kafkaClientConfig(clientId), logLevel: logLevel.NOTHING }).admin();
  await retryWhileRetriable(() => admin.connect(), { timeoutMs });
  try {
    await retryWhileRetriable(() => admin.describeGroups([groupId]), { timeoutMs });
  } finally {
    await admin.disconnect();
  }
}
