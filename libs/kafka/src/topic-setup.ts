import { Admin, Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig } from './kafka-client-config';
import { retryWhileRetriable } from './retriable';

/**
 * Creates the topics that do not exist yet (idempotent: every service calls it at start-up) and
 * returns once every partition of every topic has a leader that answers, so that the caller's
 * first read or write cannot meet "not the leader" on a freshly formatted broker.
 */
export async function ensureTopics(
  topics: readonly string[],
  numPartitions: number,
  clientId = 'ituna-topic-setup',
): Promise<string[]> {
  const admin = new Kafka({ ...kafkaClientConfig(clientId), logLevel: logLevel.NOTHING }).admin();
  await retryWhileRetriable(() => admin.connect());
  try {
    const existing = new Set(await retryWhileRetriable(() => admin.listTopics()));
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: -1 })),
        });
      } catch (err) {
        // Services start together and race to create the same topics; losing that race is fine.
        const now = new Set(await admin.listTopics());
        if (!missing.every((t) => now.has(t))) throw err;
      }
    }
    await waitForLeaders(admin, topics);
    return missing;
  } finally {
    await admin.disconnect();
  }
}

/** Resolves when a ListOffsets request succeeds for every partition of the topics (leaders elected and serving). */
export async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  await retryWhileRetriable(
    async () => {
      // A fresh metadata request each try: the cached one may predate the election.
      await admin.fetchTopicMetadata({ topics: [...topics] });
      await Promise.all(topics.map((topic) => admin.fetchTopicOffsets(topic)));
    },
    { timeoutMs },
  );
}
