import { Admin, ITopicConfig, Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig } from '../config/kafka-client-config';
import { isRetriableKafkaError, retryWhileRetriable } from './retriable';
import { SharedAdmin } from './shared-admin';

export interface TopicOptions {
  /** Topic-level settings of the topics created (e.g. compaction). */
  configEntries?: ITopicConfig['configEntries'];
}

/**
 * Creates the topics that do not exist yet (idempotent: every service calls it at start-up) and
 * returns once every partition of every topic has a leader that answers, so that the caller's
 * first read or write cannot meet "not the leader" on a freshly formatted broker. Asks through
 * `admin` (the service's own), or through an admin of its own for `clientId`.
 */
export async function ensureTopics(
  admin: SharedAdmin | string,
  topics: readonly string[],
  numPartitions: number,
  options: TopicOptions = {},
): Promise<string[]> {
  if (admin instanceof SharedAdmin)
    return retryWhileRetriable(() => admin.use((a) => createMissing(a, topics, numPartitions, options)));
  const own = new Kafka({ ...kafkaClientConfig(admin), logLevel: logLevel.NOTHING }).admin();
  await retryWhileRetriable(() => own.connect());
  try {
    return await createMissing(own, topics, numPartitions, options);
  } finally {
    await own.disconnect();
  }
}

async function createMissing(
  admin: Admin,
  topics: readonly string[],
  numPartitions: number,
  { configEntries }: TopicOptions,
): Promise<string[]> {
  const existing = new Set(await retryWhileRetriable(() => admin.listTopics()));
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: -1, configEntries })),
      });
    } catch (err) {
      // Services start together and race to create the same topics; losing that race is fine. On a
      // cluster the winner's topics reach every broker's metadata a moment later, and kafkajs's wait
      // for their leaders throws a retriable error meanwhile (UNKNOWN_TOPIC_OR_PARTITION).
      const allListed = async () => {
        const now = new Set(await admin.listTopics());
        if (!missing.every((t) => now.has(t)))
          throw isRetriableKafkaError(err) ? notReady('topics not listed yet') : err;
      };
      await retryWhileRetriable(allListed);
    }
  }
  await waitForLeaders(admin, topics);
  return missing;
}

/** Resolves when a ListOffsets request succeeds for every partition of the topics (leaders elected and serving). */
export async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  await retryWhileRetriable(
    async () => {
      // A fresh metadata request each try: the cached one may predate the election.
      const { topics: found } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const leaderless = found.filter((t) => !t.partitions.length || t.partitions.some((p) => p.leader < 0));
      if (leaderless.length) throw notReady(`no leader yet for ${leaderless.map((t) => t.name).join(', ')}`);
      await Promise.all(
        topics.map((topic) =>
          admin.fetchTopicOffsets(topic).catch((err: unknown) => {
            // On a cluster, a broker may not know a new topic's partitions yet; kafkajs's admin then
            // destructures the empty answer and throws this TypeError instead of a Kafka error.
            if (err instanceof TypeError && /destructure property 'partitions'/.test(err.message))
              throw notReady(`${topic}'s partitions not known to every broker yet`);
            throw err;
          }),
        ),
      );
    },
    { timeoutMs },
  );
}

/** A moment of a topic's creation or election that passes on its own: retried like Kafka's retriable errors. */
function notReady(message: string): Error {
  return Object.assign(new Error(message), { retriable: true });
}
