import { Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig } from './kafka-client-config';

/** Creates the topics that do not exist yet (idempotent: every service calls it at start-up). */
export async function ensureTopics(topics: readonly string[], numPartitions: number, clientId = 'ituna-topic-setup'): Promise<string[]> {
  const admin = new Kafka({ ...kafkaClientConfig(clientId), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length) {
      try {
        await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: -1 })) });
      } catch (err) {
        // Services start together and race to create the same topics; losing that race is fine.
        const now = new Set(await admin.listTopics());
        if (!missing.every((t) => now.has(t))) throw err;
      }
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
